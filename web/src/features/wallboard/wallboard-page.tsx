// The supervisor's wallboard: a tile per queue, telephony health, the agent
// grid with time in state and the live calls, all from the CTI feed (a
// snapshot, then events over the WebSocket; no polling). Wall mode fills the screen.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client.ts';
import { useCti, type CtiEvent } from '../../api/cti.ts';
import type { CallRecord, Me } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { LiveBadge } from '../../ui/live-badge.tsx';
import { Loading } from '../../ui/states.tsx';
import { useNow } from '../../ui/time.ts';
import { AgentGrid } from './agent-grid.tsx';
import { bucketCalls } from './call-buckets.ts';
import { CallsChart } from './calls-chart.tsx';
import { LiveCalls } from './live-calls.tsx';
import { QueueTiles } from './queue-tiles.tsx';
import { TelephonyHealthPanel } from './telephony-health.tsx';

export const busyStates = ['reserved', 'on-call', 'held', 'wrap-up'];

/** Call records read per page when the day's calls are counted. */
const PAGE = 500;

function startOfToday(): number {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

interface Offered {
  callId: string;
  time: number;
}

/** Today's calls so far (id and start), newest first, page by page. */
async function todaysCalls(dayStart: number): Promise<Offered[]> {
  const starts: Offered[] = [];
  let before: string | undefined;
  for (let page = 0; page < 40; page++) {
    const query = `from=${dayStart}&limit=${PAGE}${before ? `&before=${encodeURIComponent(before)}` : ''}`;
    const { calls } = await api<{ calls: CallRecord[] }>('GET', `/api/v1/calls?${query}`);
    starts.push(...calls.map((c) => ({ callId: c.callId, time: c.startedAt })));
    if (calls.length < PAGE) break;
    before = calls.at(-1)!.callId;
  }
  return starts;
}

export function WallboardPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const now = useNow();
  const [dayStart] = useState(startOfToday);
  const [counts, setCounts] = useState<number[]>(() => bucketCalls([], dayStart));
  // Calls offered while today's records are read are counted once the read is in.
  const pending = useRef<Offered[] | null>([]);
  const cti = useCti((events: readonly CtiEvent[]) => {
    const offered = events.flatMap((e) =>
      e.type === 'call.offered' ? [{ callId: e.callId, time: e.time }] : [],
    );
    if (offered.length === 0) return;
    if (pending.current) pending.current.push(...offered);
    else setCounts((c) => addCalls(c, offered, dayStart));
  });
  useEffect(() => {
    todaysCalls(dayStart).then(
      (calls) => {
        const seen = new Set(calls.map((c) => c.callId));
        const live = (pending.current ?? []).filter((c) => !seen.has(c.callId));
        pending.current = null;
        setCounts(
          bucketCalls(
            [...calls, ...live].map((c) => c.time),
            dayStart,
          ),
        );
      },
      () => {
        pending.current = null;
      },
    );
  }, [dayStart]);
  const [wall, setWall] = useState(false);

  useEffect(() => {
    const onChange = () => {
      if (document.fullscreenElement === null) setWall(false);
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  useEffect(() => {
    document.body.classList.toggle('wall-mode', wall);
    return () => document.body.classList.remove('wall-mode');
  }, [wall]);
  const wallRef = useRef(wall);
  wallRef.current = wall;
  const toggleWall = useCallback(() => {
    if (wallRef.current) {
      if (document.fullscreenElement) void document.exitFullscreen();
      setWall(false);
    } else {
      // Full screen when the browser allows it; the wall layout either way.
      document.documentElement.requestFullscreen?.().catch(() => undefined);
      setWall(true);
    }
  }, []);
  // F toggles wall mode, Escape leaves it (outside form fields).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (target && ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName)) return;
      if (event.key === 'f' || event.key === 'F') toggleWall();
      else if (event.key === 'Escape') setWall(false);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [toggleWall]);

  if (cti.status === 'connecting') return <Loading />;
  const agents = [...cti.state.agents.values()].sort((a, b) => a.agentId.localeCompare(b.agentId));
  const calls = [...cti.state.calls.values()].sort((a, b) => a.startedAt - b.startedAt);
  const queues = [...cti.state.queues.values()].sort((a, b) => a.queue.localeCompare(b.queue));
  const ready = agents.filter((a) => a.state === 'ready').length;
  const busy = agents.filter((a) => busyStates.includes(a.state)).length;
  const away = agents.filter((a) => a.state === 'not-ready').length;

  return (
    <div className={`wallboard${wall ? ' wall' : ''}`}>
      <div className="toolbar">
        <h1>{t('wall.title')}</h1>
        <LiveBadge status={cti.status} />
        <span className="summary" data-testid="agent-summary">
          {t('wall.summary', { ready, busy, away })}
        </span>
        <button type="button" onClick={toggleWall} aria-pressed={wall} aria-keyshortcuts="F">
          {wall ? t('wall.exitFullscreen') : t('wall.fullscreen')}
          <kbd>F</kbd>
        </button>
      </div>
      <h2 className="section-title">{t('wall.queues')}</h2>
      <QueueTiles queues={queues} now={now} />
      <TelephonyHealthPanel health={cti.state.telephony} />
      <section className="panel chart-panel" aria-labelledby="chart-title">
        <h2 id="chart-title">{t('wall.chart')}</h2>
        <CallsChart counts={counts} dayStart={dayStart} now={now} />
      </section>
      <div className="wall-split">
        <section>
          <h2 className="section-title">{t('wall.agents')}</h2>
          <AgentGrid agents={agents} calls={cti.state.calls} now={now} />
        </section>
        <section>
          <h2 className="section-title">{t('wall.liveCalls')}</h2>
          <LiveCalls
            calls={calls}
            now={now}
            monitorAs={me.permissions.includes('calls:monitor') ? me.user.username : undefined}
          />
        </section>
      </div>
    </div>
  );
}

function addCalls(counts: number[], calls: Offered[], dayStart: number): number[] {
  const added = bucketCalls(
    calls.map((c) => c.time),
    dayStart,
  );
  return counts.map((n, i) => n + added[i]!);
}
