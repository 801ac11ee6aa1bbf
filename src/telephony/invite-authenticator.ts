// Who is calling: a trunk (a carrier) known by its source address, its digest credentials or
// both, or an extension that proves itself with digest (RFC 3261 §22.3: a UAS answers 401).
// Anyone else gets 401 and then 403: no unauthenticated call reaches anything, least of all a
// trunk (toll fraud).
import type { Logger } from '../platform/index.ts';
import {
  parseDigestCredentials,
  storedHa1s,
  type DigestHash,
  type DigestOutcome,
  type Ha1Lookup,
} from './sip/auth/index.ts';
import type { UasInviteSession } from './sip/dialog/index.ts';
import { serializeUri } from './sip/message/index.ts';
import type { SipStack } from './sip/sip-stack.ts';
import type { LegSource } from './telephony-port.ts';

export interface TrunkPeer {
  name: string;
  /** Source addresses calls from this trunk come from; with `digest` as well, both must hold. */
  addresses: readonly string[];
  /** Credentials the carrier must answer our challenge with (inbound.username/password). */
  digest?: { username: string; password: string };
}

interface InboundTrunk {
  readonly name: string;
  readonly addresses: readonly string[];
  readonly username: string | undefined;
  /** HA1s of the trunk's password in our realm; the password itself is not kept. */
  readonly ha1s: Record<DigestHash, string> | undefined;
}

export class InviteAuthenticator {
  readonly #stack: Pick<SipStack, 'verifier'>;
  readonly #realm: string;
  readonly #logger: Logger;
  #byAddress = new Map<string, InboundTrunk[]>();
  #byUsername = new Map<string, InboundTrunk>();

  constructor(deps: {
    stack: Pick<SipStack, 'verifier'>;
    realm: string;
    logger: Logger;
    trunks: readonly TrunkPeer[];
  }) {
    this.#stack = deps.stack;
    this.#realm = deps.realm;
    this.#logger = deps.logger;
    this.setTrunks(deps.trunks);
  }

  /**
   * Replaces the trunks INVITEs are recognised by (trunks added, changed or removed while
   * running). All or nothing: a set that names one username twice changes nothing. An INVITE
   * being checked keeps the set it started with.
   */
  setTrunks(trunks: readonly TrunkPeer[]): void {
    const byAddress = new Map<string, InboundTrunk[]>();
    const byUsername = new Map<string, InboundTrunk>();
    for (const peer of trunks) {
      const trunk: InboundTrunk = {
        name: peer.name,
        addresses: peer.addresses,
        username: peer.digest?.username,
        ha1s: peer.digest && storedHa1s(peer.digest.username, this.#realm, peer.digest.password),
      };
      if (trunk.username !== undefined) {
        // The configuration refuses this; two carriers behind one username could not be told apart.
        if (byUsername.has(trunk.username))
          throw new Error(`InviteAuthenticator: two trunks use the username "${trunk.username}"`);
        byUsername.set(trunk.username, trunk);
      }
      for (const address of peer.addresses) {
        const here = byAddress.get(address) ?? [];
        here.push(trunk);
        byAddress.set(address, here);
      }
    }
    this.#byAddress = byAddress;
    this.#byUsername = byUsername;
  }

  /**
   * The source of an INVITE, or undefined when it was answered here (401 challenge, 403
   * refusal) or the caller gave up meanwhile.
   */
  async authenticate(
    session: UasInviteSession,
    fromNumber: string,
  ): Promise<LegSource | undefined> {
    const address = session.source.address;
    const here = this.#byAddress.get(address);
    if (here !== undefined) {
      // A trunk trusted by its address alone takes every call from it (the configuration lets
      // no other trunk share that address).
      const open = here.find((t) => t.ha1s === undefined);
      if (open) return { kind: 'trunk', trunk: open.name };
      // Address and digest: only the credentials of a trunk at this address will do.
      return this.#trunk(session, here, fromNumber);
    }
    const claimed = this.#byUsername.get(this.#claimedUsername(session) ?? '');
    if (claimed !== undefined) {
      if (claimed.addresses.length === 0) return this.#trunk(session, [claimed], fromNumber);
      // A right password does not make up for a wrong address: refused, and counted as a
      // failure of that address like a wrong password.
      this.#stack.verifier.failures.addresses.recordFailure(address);
      this.#logger.warn(
        { source: address, trunk: claimed.name, from: fromNumber },
        "INVITE refused: a trunk's credentials from an address not in its inbound.addresses",
      );
      session.reject(403);
      return undefined;
    }
    const outcome = await this.#verify(session, fromNumber);
    const username = this.#answer(session, outcome, fromNumber);
    return username === undefined ? undefined : { kind: 'extension', extension: username };
  }

  /** Checks the credentials of one of `trunks`: a carrier's From is its caller, not its account. */
  async #trunk(
    session: UasInviteSession,
    trunks: readonly InboundTrunk[],
    fromNumber: string,
  ): Promise<LegSource | undefined> {
    const lookupHa1: Ha1Lookup = (username, realm, hash) => {
      const trunk = trunks.find((t) => t.username === username);
      return Promise.resolve(realm === this.#realm ? trunk?.ha1s?.[hash] : undefined);
    };
    const outcome = await this.#verify(session, undefined, lookupHa1);
    const username = this.#answer(session, outcome, fromNumber);
    if (username === undefined) return undefined;
    const trunk = trunks.find((t) => t.username === username);
    if (trunk !== undefined) return { kind: 'trunk', trunk: trunk.name };
    session.reject(403); // unreachable: the lookup knows no one else
    return undefined;
  }

  #verify(
    session: UasInviteSession,
    expectedUsername: string | undefined,
    lookupHa1?: Ha1Lookup,
  ): Promise<DigestOutcome> {
    const request = session.request;
    return this.#stack.verifier.verify({
      realm: this.#realm,
      method: 'INVITE',
      requestUri: serializeUri(request.uri),
      authorization: request.getAll('Authorization'),
      source: session.source.address,
      ...(expectedUsername === undefined ? {} : { expectedUsername }),
      ...(lookupHa1 === undefined ? {} : { lookupHa1 }),
      body: request.body,
    });
  }

  /** Answers a challenge (401) or a refusal (403); the verified username when neither. */
  #answer(
    session: UasInviteSession,
    outcome: DigestOutcome,
    fromNumber: string,
  ): string | undefined {
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
    return outcome.username;
  }

  /** The username of the credentials in our realm, as the verifier will pick them (RFC 3261 §22.4). */
  #claimedUsername(session: UasInviteSession): string | undefined {
    for (const value of session.request.getAll('Authorization')) {
      const parsed = parseDigestCredentials(value);
      if (parsed.ok && parsed.value.realm === this.#realm) return parsed.value.username;
    }
    return undefined;
  }
}
