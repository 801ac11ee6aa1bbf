// What the load benchmark reports after the calls: sipp's counts beside Hotline's call records,
// each queue's service level and ASA as the CTI figures compute them (../shared/METRICS.md), and
// whether every agent came back: ready (or still in after-call work), none holding a call that
// no longer exists.

export interface SippCounts {
  created: number;
  successful: number;
  failed: number;
  /** sipp's failure counters that are not zero (from its -trace_stat file), by name. */
  failures: Record<string, number>;
  /** Most calls open at once. */
  peak: number;
  /** Messages that matched no call (a late retransmission, or a request for a call sipp ended). */
  stray: number;
  /** New calls per second up to the last one placed (from the stat file's 5 s rows). */
  placedRate: number;
}

/** The counts of sipp's final screen, and its failure kinds from the last row of its stat file. */
export function sippCounts(screen: string, statCsv: string | undefined): SippCounts {
  // sipp redraws its screens while it runs: the last match is the final one.
  const last = (pattern: RegExp) => [...screen.matchAll(pattern)].at(-1)?.[1];
  const cumulative = (label: string) =>
    Number(last(new RegExp(`${label}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`, 'g')) ?? NaN);
  const failures: Record<string, number> = {};
  const created = cumulative('Outgoing calls created');
  let placedRate = NaN;
  const lines = (statCsv ?? '').trim().split('\n');
  if (lines.length >= 2) {
    const header = lines[0]!.split(';');
    const rows = lines.slice(1).map((line) => line.split(';'));
    const row = rows.at(-1)!;
    header.forEach((name, i) => {
      if (/^Failed.+\(C\)$/.test(name) && name !== 'FailedCall(C)' && Number(row[i]) > 0)
        failures[name.replace(/\(C\)$/, '')] = Number(row[i]);
    });
    const placed = rows.find((r) => Number(r[header.indexOf('OutgoingCall(C)')]) >= created);
    placedRate = Number(placed?.[header.indexOf('CallRate(C)')] ?? NaN);
  }
  return {
    created,
    successful: cumulative('Successful call'),
    failed: cumulative('Failed call'),
    failures,
    peak: Number(last(/Peak was (\d+) calls/g) ?? NaN),
    stray: Number(last(/(\d+) dead call msg/g) ?? 0) + Number(last(/(\d+) out-of-call msg/g) ?? 0),
    placedRate,
  };
}

/** A call record as GET /api/v1/calls gives it (the fields the report reads). */
export interface CallRecordRow {
  callId: string;
  caller: string;
  queue: string | null;
  agentId: string | null;
  waitMs: number | null;
  talkMs: number | null;
  endedIn: string | null;
  endCause: string | null;
  endedBy: string | null;
  ivrPath: string[];
  recordings: { durationMs: number }[];
}

export interface QueueFiguresRow {
  queue: string;
  offered: number;
  answered: number;
  abandoned: number;
  otherExits: number;
  waiting: number;
  asaMs: number | null;
  serviceLevel: {
    value: number | null;
    variant: string;
    thresholdSeconds: number;
    targetPercent: number;
  };
}

export interface AgentRow {
  agentId: string;
  state: string;
  since: number;
  reason: string | null;
  registered: boolean;
  callsAnswered: number;
}

const percent = (part: number, whole: number) =>
  whole === 0 ? '–' : `${((part / whole) * 100).toFixed(1)} %`;

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const seconds = (ms: number) => (Number.isNaN(ms) ? '–' : `${(ms / 1000).toFixed(1)} s`);

/** How the calls the records hold fared, sorted into what counts against Hotline and what not. */
export interface CallRecordsVerdict {
  lines: string[];
  connected: number;
  /** Hung up waiting in the queue or while an agent's phone rang: too few agents, not a fault. */
  abandonedWaiting: CallRecordRow[];
  /** Ended before reaching a queue (the IVR lost a key, hung up, or the call failed). */
  failedBeforeQueue: CallRecordRow[];
  /** Reached another queue than the caller's keys chose. */
  wrongQueue: CallRecordRow[];
}

/** Call records: how calls ended, per queue answered, waits and talk times, recordings. */
export function describeCallRecords(
  records: readonly CallRecordRow[],
  queueChosenBy: (caller: string) => string | undefined,
): CallRecordsVerdict {
  const by = (key: (r: CallRecordRow) => string) => {
    const counts = new Map<string, number>();
    for (const r of records) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
    return [...counts]
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  };
  const connected = records.filter((r) => r.agentId !== null);
  const waiting = new Set(['queued', 'alerting']);
  const abandonedWaiting = records.filter(
    (r) => r.agentId === null && waiting.has(r.endedIn ?? ''),
  );
  const failedBeforeQueue = records.filter(
    (r) => r.agentId === null && !waiting.has(r.endedIn ?? ''),
  );
  const wrongQueue = records.filter(
    (r) =>
      r.queue !== null &&
      queueChosenBy(r.caller) !== undefined &&
      r.queue !== queueChosenBy(r.caller),
  );
  const lines = [
    `call records: ${records.length}; reached an agent ${connected.length} (${percent(connected.length, records.length)}); ` +
      `in the queue the keys chose ${records.length - wrongQueue.length - failedBeforeQueue.length}`,
    `  ended in: ${by((r) => r.endedIn ?? 'unknown')}; ended by: ${by((r) => r.endedBy ?? 'unknown')}; ` +
      `causes: ${by((r) => r.endCause ?? 'none')}`,
    '  queue        calls  answered  wait p50 / p95 / max      talk p50 / p95    recorded',
  ];
  const queues = [...new Set(records.map((r) => r.queue ?? '(none)'))].sort();
  for (const queue of queues) {
    const rows = records.filter((r) => (r.queue ?? '(none)') === queue);
    const answered = rows.filter((r) => r.agentId !== null);
    const waits = answered.map((r) => r.waitMs ?? 0);
    const talks = answered.map((r) => r.talkMs ?? 0);
    const recorded = answered.filter((r) => r.recordings.length > 0).length;
    const waitText = `${seconds(quantile(waits, 0.5))} / ${seconds(quantile(waits, 0.95))} / ${seconds(waits.length === 0 ? NaN : Math.max(...waits))}`;
    const talkText = `${seconds(quantile(talks, 0.5))} / ${seconds(quantile(talks, 0.95))}`;
    lines.push(
      `  ${queue.padEnd(12)} ${String(rows.length).padStart(5)}  ${String(answered.length).padStart(8)}  ` +
        `${waitText.padEnd(25)}  ${talkText.padEnd(16)}  ${recorded}`,
    );
  }
  return { lines, connected: connected.length, abandonedWaiting, failedBeforeQueue, wrongQueue };
}

/** The CTI's queue figures for the day: service level (the queue's own formula) and ASA. */
export function describeQueueFigures(queues: readonly QueueFiguresRow[]): string[] {
  const lines = [
    '  queue        offered  answered  abandoned  other  waiting  service level         ASA',
  ];
  for (const q of queues.filter((x) => x.offered > 0)) {
    const sl = q.serviceLevel;
    lines.push(
      `  ${q.queue.padEnd(12)} ${String(q.offered).padStart(7)}  ${String(q.answered).padStart(8)}  ` +
        `${String(q.abandoned).padStart(9)}  ${String(q.otherExits).padStart(5)}  ${String(q.waiting).padStart(7)}  ` +
        `${(sl.value === null ? '–' : `${(sl.value * 100).toFixed(1)} %`).padStart(7)} (${sl.thresholdSeconds} s, target ${sl.targetPercent} %)`.padEnd(
          22,
        ) +
        `  ${q.asaMs === null ? '–' : seconds(q.asaMs)}`,
    );
  }
  return lines;
}

/**
 * Agents at the end, checked against the live calls: an agent reserved, on a call or holding
 * one whose call is not live any more is stuck, and so is one whose after-call work outlasted
 * its timer; ready is fine (not ready is listed: ring-no-answer puts agents there).
 */
export function checkAgents(
  agents: readonly AgentRow[],
  liveAgentCalls: ReadonlyMap<string, string | null>,
  liveCallIds: ReadonlySet<string>,
  /** Agents in after-call work since before this (epoch ms) are past their timer: stuck too. */
  wrapUpOverdueBefore: number,
): { lines: string[]; stuck: string[] } {
  const states = new Map<string, number>();
  for (const a of agents) states.set(a.state, (states.get(a.state) ?? 0) + 1);
  const busy = new Set(['reserved', 'on-call', 'held']);
  const stuck = agents
    .filter((a) => busy.has(a.state))
    .filter((a) => {
      const callId = liveAgentCalls.get(a.agentId);
      return callId === null || callId === undefined || !liveCallIds.has(callId);
    })
    .map((a) => `${a.agentId} (${a.state})`);
  for (const a of agents)
    if (a.state === 'wrap-up' && a.since < wrapUpOverdueBefore)
      stuck.push(`${a.agentId} (wrap-up since ${new Date(a.since).toISOString()})`);
  const notReady = agents
    .filter((a) => a.state === 'not-ready')
    .map((a) => `${a.agentId} (${a.reason ?? 'no reason'})`);
  const unregistered = agents.filter((a) => !a.registered).map((a) => a.agentId);
  const lines = [
    `agents: ${[...states].map(([s, n]) => `${s} ${n}`).join(', ')}; calls answered ${agents.reduce((s, a) => s + a.callsAnswered, 0)}`,
    `  stuck (busy with no live call, or in wrap-up past its timer): ${stuck.length === 0 ? 'none' : stuck.join(', ')}`,
  ];
  if (notReady.length > 0) lines.push(`  not ready: ${notReady.join(', ')}`);
  if (unregistered.length > 0) lines.push(`  phone not registered: ${unregistered.join(', ')}`);
  return { lines, stuck };
}

/** The most frequent of `keys`, as "key ×count" lines. */
function top(keys: readonly string[], limit: number): string[] {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, n]) => `  ${n} × ${key}`);
}

/** sipp's error file, by kind: what it received when it aborted a call, or its message. */
export function summarizeSippErrors(text: string): string[] {
  // Entries start with sipp's timestamp; one may follow the previous one's quoted message.
  const kinds = [...text.matchAll(/\d{4}-\d\d-\d\d\t[\d:.]+\t[\d.]+: ([^\n]*)/g)].map((m) => {
    const line = m[1]!.replace(/\r/g, '');
    const what = line
      .replace(/ for Call-I[dD] '[^']*'/, '')
      .replace(/[:,] (while|received).*$/, '');
    const received = /received '([^\n']*)/.exec(line);
    return received ? `${what}: received ${received[1]}` : what.replace(/'[^']*'/g, "'…'");
  });
  return top(kinds, 8);
}

/** Hotline's log (pino JSON lines), by message and error: what went wrong how often. */
export function summarizeHotlineLog(text: string): string[] {
  const kinds = text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      try {
        const entry = JSON.parse(line) as {
          level?: number;
          msg?: string;
          why?: string;
          err?: { message?: string };
        };
        if ((entry.level ?? 0) < 40) return undefined;
        return [entry.msg, entry.why, entry.err?.message].filter(Boolean).join(': ');
      } catch {
        return undefined;
      }
    })
    .filter((k): k is string => k !== undefined);
  return top(kinds, 8);
}
