// Where an outbound leg's INVITEs go: every registered contact of an extension (most preferred
// first), or a number through a trunk, holding one of its call slots.
import type { Logger } from '../platform/index.ts';
import type { OutboundInvite } from './sip/dialog/index.ts';
import type { SipStack } from './sip/sip-stack.ts';
import type { TrunkCalls } from './trunks/index.ts';
import type { TelephonyCommand } from './telephony-port.ts';

/** One INVITE of the leg: to one contact (with its q, for sequential forking), or to the trunk. */
export type ForkTarget = Pick<
  OutboundInvite,
  'target' | 'from' | 'to' | 'destination' | 'auth' | 'headers'
> & { readonly q?: number };

export interface OutboundRoute {
  /** One per contact of an extension (forked by q, see ForkedInvite); one for a trunk. Never empty. */
  readonly forks: readonly ForkTarget[];
  /** Gives the trunk call slot back when the leg ends. */
  readonly release?: () => void;
}

/**
 * The route of a leg.originate, or undefined when it has none (no contact registered, the trunk
 * refused). Only the core asks for a trunk target, and its router does so for authenticated
 * extensions only (toll fraud).
 */
export function outboundRoute(
  command: Extract<TelephonyCommand, { type: 'leg.originate' }>,
  deps: { stack: SipStack; trunks: TrunkCalls | undefined; localHost: string; logger: Logger },
): OutboundRoute | undefined {
  const { target, from } = command;
  if (target.kind === 'trunk') {
    const call = deps.trunks?.placeCall(target.trunk, target.number, from);
    if (call === undefined || 'refused' in call) {
      deps.logger.info(
        { legId: command.legId, trunk: target.trunk, refused: call?.refused ?? 'no-trunks' },
        'call through trunk refused',
      );
      return undefined;
    }
    return { forks: [call.invite], release: call.release };
  }
  // Highest q first (then the newest): the order the forks are sent in, and their ties broken in.
  const bindings = deps.stack.location.lookup(target.extension);
  if (bindings.length === 0) return undefined;
  const name = from.displayName ? `"${from.displayName.replace(/["\\]/g, '')}" ` : '';
  const host = deps.localHost;
  const headers = extensionHeaders(host, command.autoAnswer === true);
  return {
    forks: bindings.map((binding) => ({
      target: binding.contact,
      from: `${name}<sip:${from.number}@${host}>`,
      to: `<sip:${binding.aor}@${host}>`,
      destination: binding.source,
      headers,
      q: binding.q,
    })),
  };
}

/**
 * What an INVITE to a desk phone carries besides the usual: the event packages we send in its
 * dialogs (`talk` for remote answer, `hold`: the BroadWorks Access Extensions), and for an agent
 * who auto-answers, the headers that make Yealink, Polycom, Snom and Grandstream phones answer
 * at once: Call-Info answer-after=0 and Alert-Info info=alert-autoanswer.
 */
export function extensionHeaders(host: string, autoAnswer: boolean): [string, string][] {
  const headers: [string, string][] = [['Allow-Events', 'talk, hold']];
  if (autoAnswer) {
    const uri = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    headers.push(
      ['Call-Info', `<sip:${uri}>;answer-after=0`],
      ['Alert-Info', '<http://127.0.0.1/>;info=alert-autoanswer'],
    );
  }
  return headers;
}
