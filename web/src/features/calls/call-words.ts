// A call's facts and events in words: how it ended, who each leg of the
// timeline is, and each logged event as "what happened" plus labelled details.
// Codes the dictionary does not know (a newer server) are shown as they are.
import type { CallRecord, LogEvent } from '../../api/types.ts';
import { en, type MessageKey } from '../../i18n/en.ts';
import { formatDuration } from '../../ui/time.ts';

/** i18n.tsx's `t`, restated so node tests can import this file without compiling TSX. */
type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The translation of `prefix.code` when there is one, else the code. */
export function codeText(t: Translate, prefix: string, code: string): string {
  const key = `${prefix}.${code}`;
  return key in en ? t(key as MessageKey) : code;
}

/** How the call ended, in a word or two (in progress, self-service, the state it ended in). */
export function outcomeText(t: Translate, call: CallRecord): string {
  if (call.endedAt === null) return t('calls.live');
  if (call.ivrContained) return t('calls.contained');
  return call.endedIn === null ? '—' : codeText(t, 'callState', call.endedIn);
}

/** One detail of an event: its label's key (none for fields this screen has no words for) and value. */
export type Detail = [label: MessageKey | null, value: string];

export interface EventWords {
  /** What happened, in words. */
  what: string;
  /** Who it concerns: the customer, an agent's phone, the supervisor (for leg events mostly). */
  party: string;
  details: Detail[];
}

type Payload = Record<string, unknown>;

const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== ''
    ? value
    : typeof value === 'number'
      ? String(value)
      : undefined;

/** A transfer or consultation target as the log writes it ({kind, queue|extension|number}). */
function targetText(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return str(value);
  const to = value as Payload;
  return str(to.queue) ?? str(to.extension) ?? str(to.number);
}

/** Who each leg of the call is, from the call's own events (legs are opaque ids otherwise). */
export function legParties(t: Translate, events: readonly LogEvent[]): Map<string, string> {
  const parties = new Map<string, string>();
  for (const { type, payload: p } of events) {
    const legId = str(p.legId);
    if (legId === undefined || parties.has(legId)) continue;
    if (type === 'call.offered') {
      const caller = (p.caller as Payload | undefined)?.number;
      parties.set(legId, t('timeline.party.customer', { number: str(caller) ?? '?' }));
    } else if (type === 'call.alerting' || type === 'call.connected') {
      const target = str(p.target) ?? '?';
      const agent = str(p.agentId);
      parties.set(legId, agent ? `${agent} · ${target}` : target);
    } else if (type === 'call.consult-started') {
      parties.set(legId, t('timeline.party.consulted', { target: targetText(p.to) ?? '?' }));
    } else if (type === 'call.monitor-started') {
      parties.set(legId, t('timeline.party.supervisor', { extension: str(p.extension) ?? '?' }));
    }
  }
  return parties;
}

/** The event in words, with the details worth reading (ids and internals left out). */
export function describeEvent(
  t: Translate,
  event: LogEvent,
  parties: ReadonlyMap<string, string>,
): EventWords {
  const p = event.payload;
  const what = codeText(t, 'timeline', event.type);
  const legId = str(p.legId);
  const party = legId === undefined ? '' : (parties.get(legId) ?? '');
  const details: Detail[] = [];
  const add = (label: MessageKey, value: string | undefined) => {
    if (value !== undefined) details.push([label, value]);
  };
  switch (event.type) {
    case 'call.offered': {
      const caller = p.caller as Payload | undefined;
      add('timeline.f.from', str(caller?.number));
      add('timeline.f.name', str(caller?.displayName));
      add('timeline.f.to', str(p.dialed));
      if (p.direction === 'outbound') add('timeline.f.dialedBy', str(p.agentId));
      break;
    }
    case 'call.customer-matched':
      add('timeline.f.customer', str(p.customerId));
      if (p.customerId === undefined && Array.isArray(p.customerIds))
        add('timeline.f.candidates', String(p.customerIds.length));
      add('timeline.f.tier', str(p.tier));
      break;
    case 'call.ivr-started':
      add('timeline.f.flow', str(p.flow));
      add('timeline.f.version', str(p.version));
      break;
    case 'call.ivr-node':
      add('timeline.f.node', str(p.node));
      add('timeline.f.nodeType', str(p.nodeType));
      add('timeline.f.selfService', str(p.selfService));
      break;
    case 'call.ivr-finished':
      add('timeline.f.outcome', str(p.outcome));
      add('timeline.f.language', str(p.language));
      if (typeof p.vars === 'object' && p.vars !== null && Object.keys(p.vars).length > 0)
        add(
          'timeline.f.collected',
          Object.entries(p.vars as Payload)
            .map(([k, v]) => `${k}=${String(v)}`)
            .join(', '),
        );
      break;
    case 'call.queued':
      add('timeline.f.queue', str(p.queue));
      if (typeof p.priority === 'number' && p.priority !== 0)
        add('timeline.f.priority', String(p.priority));
      break;
    case 'call.left-queue':
      add('timeline.f.queue', str(p.queue));
      add('timeline.f.to', str(p.to));
      add('timeline.f.reason', str(p.reason));
      break;
    case 'call.alerting':
    case 'call.connected':
      add('timeline.f.target', str(p.target));
      add('timeline.f.agent', str(p.agentId));
      break;
    case 'call.ringing':
      add('timeline.f.target', str(p.target));
      add('timeline.f.agent', str(p.agentId));
      if (p.remoteAnswer === true) add('timeline.f.kind', t('timeline.remoteAnswer'));
      break;
    case 'call.answer-requested':
      add('timeline.f.agent', str(p.agentId));
      break;
    case 'call.answer-failed':
      add('timeline.f.agent', str(p.agentId));
      add('timeline.f.reason', str(p.reason));
      add('timeline.f.status', str(p.sipStatus));
      break;
    case 'call.held':
    case 'call.resumed':
    case 'call.conference-started':
      add('timeline.f.by', str(p.by));
      break;
    case 'call.transferred':
      add('timeline.f.to', targetText(p.to));
      add('timeline.f.agent', str(p.agentId));
      add('timeline.f.by', str(p.by));
      if (p.attended === true) add('timeline.f.kind', t('timeline.attended'));
      break;
    case 'call.consult-started':
      add('timeline.f.to', targetText(p.to));
      add('timeline.f.by', str(p.by));
      break;
    case 'call.consult-ended':
      add('timeline.f.reason', str(p.reason));
      break;
    case 'call.monitor-started':
    case 'call.monitor-changed':
      add('timeline.f.mode', typeof p.mode === 'string' ? codeText(t, 'monitor', p.mode) : '');
      add('timeline.f.extension', str(p.extension));
      add('timeline.f.by', str(p.by));
      break;
    case 'call.disposition-set':
      add('timeline.f.code', str(p.code));
      add('timeline.f.notes', str(p.notes));
      add('timeline.f.by', str(p.by));
      break;
    case 'call.voicemail':
    case 'call.recording-finished':
      if (typeof p.durationMs === 'number')
        add('timeline.f.duration', formatDuration(p.durationMs));
      if (p.reason !== undefined && p.reason !== 'stopped') add('timeline.f.reason', str(p.reason));
      break;
    case 'call.callback-requested':
      add('timeline.f.number', str(p.number));
      add('timeline.f.queue', str(p.queue));
      break;
    case 'call.survey-answered':
      add('timeline.f.score', str(p.score));
      break;
    case 'call.ended':
      add('timeline.f.by', typeof p.by === 'string' ? codeText(t, 'endedBy', p.by) : undefined);
      add('timeline.f.cause', typeof p.cause === 'string' ? codeText(t, 'cause', p.cause) : '');
      add('timeline.f.endedIn', typeof p.from === 'string' ? codeText(t, 'callState', p.from) : '');
      break;
    case 'leg.offered': {
      const from = p.from as Payload | undefined;
      add('timeline.f.from', str(from?.number));
      add('timeline.f.to', str(p.to));
      break;
    }
    case 'leg.ended':
      add('timeline.f.cause', typeof p.cause === 'string' ? codeText(t, 'cause', p.cause) : '');
      add('timeline.f.sip', str(p.sipStatus));
      // "local" already says Hotline hung up; otherwise say which side did.
      if (p.cause !== 'local')
        add(
          'timeline.f.hungUpBy',
          p.by === 'remote' ? t('timeline.byRemote') : p.by === 'local' ? t('timeline.byUs') : '',
        );
      break;
    case 'leg.dtmf':
      add('timeline.f.digit', str(p.digit));
      add('timeline.f.via', str(p.via));
      break;
    case 'leg.play.finished':
      add('timeline.f.reason', str(p.reason));
      if (typeof p.playedMs === 'number') add('timeline.f.duration', formatDuration(p.playedMs));
      add('timeline.f.digit', str(p.digit));
      break;
    case 'leg.refer':
      add('timeline.f.to', str(p.target));
      break;
    default:
      // An event this screen has no words for: its fields as they are, minus the ids.
      for (const [key, value] of Object.entries(p)) {
        if (key === 'callId' || key === 'legId') continue;
        details.push([null, `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`]);
      }
  }
  return { what, party, details: details.filter(([, value]) => value !== '') };
}
