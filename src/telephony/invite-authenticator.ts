// Who is calling: a configured trunk peer by its source address, or an
// extension that proves itself with digest (RFC 3261 §22.3: a UAS answers
// 401). Anyone else gets 401 and then 403: no unauthenticated call reaches
// anything, least of all a trunk (toll fraud).
import type { Logger } from '../platform/index.ts';
import type { UasInviteSession } from './sip/dialog/index.ts';
import { serializeUri } from './sip/message/index.ts';
import type { SipStack } from './sip/sip-stack.ts';
import type { LegSource } from './telephony-port.ts';

export interface TrunkPeer {
  name: string;
  /** Source addresses calls from this trunk come from. */
  addresses: string[];
}

export class InviteAuthenticator {
  readonly #stack: SipStack;
  readonly #realm: string;
  readonly #logger: Logger;
  readonly #trunkByAddress = new Map<string, string>();

  constructor(deps: { stack: SipStack; realm: string; logger: Logger; trunks: TrunkPeer[] }) {
    this.#stack = deps.stack;
    this.#realm = deps.realm;
    this.#logger = deps.logger;
    for (const trunk of deps.trunks) {
      for (const address of trunk.addresses) this.#trunkByAddress.set(address, trunk.name);
    }
  }

  /**
   * The source of an INVITE, or undefined when it was answered here (401 challenge, 403
   * refusal) or the caller gave up meanwhile.
   */
  async authenticate(
    session: UasInviteSession,
    fromNumber: string,
  ): Promise<LegSource | undefined> {
    const request = session.request;
    const trunk = this.#trunkByAddress.get(session.source.address);
    if (trunk) return { kind: 'trunk', trunk };
    const outcome = await this.#stack.verifier.verify({
      realm: this.#realm,
      method: 'INVITE',
      requestUri: serializeUri(request.uri),
      authorization: request.getAll('Authorization'),
      source: session.source.address,
      expectedUsername: fromNumber,
      body: request.body,
    });
    // A CANCEL may have ended the INVITE while we checked.
    if (session.state !== 'offered') return undefined;
    if (outcome.kind === 'challenge') {
      session.reject(
        401,
        'Unauthorized',
        outcome.challenges.map((c) => ['WWW-Authenticate', c] as const),
      );
      return undefined;
    }
    if (outcome.kind === 'refused') {
      this.#logger.warn(
        { source: session.source.address, reason: outcome.reason, from: fromNumber },
        'INVITE refused',
      );
      session.reject(403);
      return undefined;
    }
    return { kind: 'extension', extension: outcome.username };
  }
}
