// RFC 4028 session timer negotiation: Session-Expires and Min-SE, as the UAS and the UAC of each INVITE or UPDATE decide them.
import type { SipMessage, SipRequest, SipResponse } from '../message/index.ts';

/** RFC 4028 §4: the smallest Session-Expires anyone may ask for. */
export const ABSOLUTE_MIN_SE = 90;

export interface SessionTimerSettings {
  /** Ask for (as UAC) or insert (as UAS) a session timer even when the peer does not. Default true. */
  readonly enabled: boolean;
  /** The interval we ask for, seconds. Default 1800 (RFC 4028 §4 recommends it). */
  readonly expires: number;
  /** The smallest interval we accept, seconds; at least 90 (RFC 4028 §5). Default 90. */
  readonly minSE: number;
  /** Who refreshes when the choice is ours (RFC 4028 §9): 'local' (we do) or 'remote'. */
  readonly refresher: 'local' | 'remote';
}

export const defaultSessionTimerSettings: SessionTimerSettings = {
  enabled: true,
  expires: 1800,
  minSE: ABSOLUTE_MIN_SE,
  refresher: 'local',
};

export interface SessionExpires {
  /** Seconds. */
  readonly interval: number;
  /** Relative to the transaction that carries it: its UAC or its UAS. */
  readonly refresher: 'uac' | 'uas' | undefined;
}

/** RFC 4028 §4: Session-Expires = delta-seconds *(;se-params), refresher=uac/uas. Undefined when absent or malformed. */
export function parseSessionExpires(message: SipMessage): SessionExpires | undefined {
  const value = message.get('session-expires');
  if (value === undefined) return undefined;
  const [delta, ...params] = value.split(';').map((part) => part.trim());
  if (delta === undefined || !/^\d{1,10}$/.test(delta)) return undefined;
  let refresher: 'uac' | 'uas' | undefined;
  for (const param of params) {
    const [name, v] = param.split('=').map((part) => part.trim().toLowerCase());
    if (name === 'refresher' && (v === 'uac' || v === 'uas')) refresher = v;
  }
  return { interval: Number(delta), refresher };
}

/** RFC 4028 §5: Min-SE = delta-seconds. */
export function parseMinSE(message: SipMessage): number | undefined {
  const value = message.get('min-se')?.split(';')[0]?.trim();
  return value !== undefined && /^\d{1,10}$/.test(value) ? Number(value) : undefined;
}

function hasToken(message: SipMessage, header: string, token: string): boolean {
  try {
    return message.tokens(header).some((t) => t.toLowerCase() === token);
  } catch {
    return false;
  }
}

/** RFC 4028 §7.1: the peer understands session timers. */
export function supportsTimer(message: SipMessage): boolean {
  return hasToken(message, 'supported', 'timer') || hasToken(message, 'require', 'timer');
}

export type UasTimerDecision =
  /** RFC 4028 §9: the interval asked for is below our Min-SE: answer 422 with this Min-SE. */
  | { readonly kind: 'too-small'; readonly minSE: number }
  | { readonly kind: 'none' }
  | {
      readonly kind: 'timer';
      readonly interval: number;
      readonly refresher: 'uac' | 'uas';
      /** RFC 4028 §9: Require: timer in the 2xx when the UAC supports it. */
      readonly require: boolean;
    };

/**
 * RFC 4028 §9, for an INVITE or UPDATE we answer: honour the Session-Expires asked for (422 when
 * it is below our Min-SE; shortened to our own interval when that is shorter, never under the
 * request's Min-SE), keep the refresher the UAC chose, else choose it ourselves: the UAS when
 * the UAC lacks timer support, since only we would refresh then. With no Session-Expires in
 * the request we insert one when timers are enabled.
 */
export function negotiateAsUas(
  request: SipRequest,
  settings: SessionTimerSettings,
): UasTimerDecision {
  const asked = parseSessionExpires(request);
  const peerSupports = supportsTimer(request);
  const floor = Math.max(parseMinSE(request) ?? ABSOLUTE_MIN_SE, ABSOLUTE_MIN_SE);
  const ours = Math.max(settings.expires, settings.minSE);
  let interval: number;
  if (asked !== undefined) {
    if (asked.interval < settings.minSE) return { kind: 'too-small', minSE: settings.minSE };
    interval = settings.enabled ? Math.min(asked.interval, Math.max(ours, floor)) : asked.interval;
  } else {
    if (!settings.enabled) return { kind: 'none' };
    interval = Math.max(ours, floor);
  }
  const chosen = settings.refresher === 'local' ? 'uas' : 'uac';
  const refresher = peerSupports ? (asked?.refresher ?? chosen) : 'uas';
  return { kind: 'timer', interval, refresher, require: peerSupports };
}

/** The Session-Expires (and Require) of our 2xx for a `timer` decision. */
export function uasTimerHeaders(decision: UasTimerDecision): [string, string][] {
  if (decision.kind !== 'timer') return [];
  const headers: [string, string][] = [
    ['Session-Expires', `${decision.interval};refresher=${decision.refresher}`],
  ];
  if (decision.require) headers.push(['Require', 'timer']);
  return headers;
}

/**
 * RFC 4028 §7.2, for a 2xx to our INVITE or UPDATE: no Session-Expires, no timer. Without
 * Require: timer the UAS does not do timers (a proxy asked for it), so we, the UAC, refresh.
 */
export function timerFromResponse(
  response: SipResponse,
): { readonly interval: number; readonly refresher: 'uac' | 'uas' } | undefined {
  const se = parseSessionExpires(response);
  if (se === undefined || se.interval === 0) return undefined;
  const refresher = hasToken(response, 'require', 'timer') ? (se.refresher ?? 'uac') : 'uac';
  return { interval: se.interval, refresher };
}

/**
 * The timer headers of a request we send. RFC 4028 §7.1 for an INVITE that forms a dialog (no
 * refresher: the UAS may choose); §7.4 for a refresh, which keeps the interval in force and
 * names the refresher in the new transaction's terms. `minSE` rises after a 422 (§7.3).
 */
export function requestTimerHeaders(
  settings: SessionTimerSettings,
  current?: { readonly interval: number; readonly refresher: 'local' | 'remote' },
  minSE = settings.minSE,
): [string, string][] {
  const headers: [string, string][] = [];
  if (current !== undefined) {
    const refresher = current.refresher === 'local' ? 'uac' : 'uas';
    headers.push([
      'Session-Expires',
      `${Math.max(current.interval, minSE)};refresher=${refresher}`,
    ]);
  } else if (settings.enabled) {
    headers.push(['Session-Expires', String(Math.max(settings.expires, minSE))]);
  } else {
    return headers;
  }
  headers.push(['Min-SE', String(minSE)]);
  return headers;
}
