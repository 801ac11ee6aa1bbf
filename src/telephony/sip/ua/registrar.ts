// The registrar (RFC 3261 §10.3): authenticates REGISTER with digest, then
// adds, refreshes or removes the extension's contacts in the location service.
import type { Clock } from '../../../platform/index.ts';
import type { DigestVerifier } from '../auth/index.ts';
import {
  createResponse,
  serializeUri,
  type NameAddr,
  type SipRequest,
  type SipResponse,
} from '../message/index.ts';
import { newTag, type ServerTransaction } from '../transaction/index.ts';
import type { InboundMessage } from '../transport/index.ts';
import type { LocationService } from './location-service.ts';

export interface RegistrarPolicy {
  /** The digest realm extensions authenticate in. */
  realm: string;
  /** Shortest registration accepted; shorter ones get 423 (RFC 3261 §10.3 step 7). */
  minExpires: number;
  /** Longest registration granted; longer requests are shortened. */
  maxExpires: number;
  /** Granted when the phone asks for nothing. */
  defaultExpires: number;
  /** Contacts per extension; a new one beyond this replaces the oldest. */
  maxContacts: number;
}

export interface RegistrarEvents {
  /** A REGISTER failed authentication: for logs, metrics and the security view. */
  authFailed(detail: { aor: string; source: string; reason: string }): void;
}

export class Registrar {
  readonly #verifier: DigestVerifier;
  readonly #location: LocationService;
  readonly #clock: Clock;
  readonly #policy: RegistrarPolicy;
  readonly #events: Partial<RegistrarEvents>;

  constructor(deps: {
    verifier: DigestVerifier;
    location: LocationService;
    clock: Clock;
    policy: RegistrarPolicy;
    events?: Partial<RegistrarEvents>;
  }) {
    this.#verifier = deps.verifier;
    this.#location = deps.location;
    this.#clock = deps.clock;
    this.#policy = deps.policy;
    this.#events = deps.events ?? {};
  }

  async handle(
    request: SipRequest,
    transaction: ServerTransaction,
    inbound: InboundMessage,
  ): Promise<void> {
    transaction.respond(await this.#answer(request, inbound));
  }

  async #answer(request: SipRequest, inbound: InboundMessage): Promise<SipResponse> {
    const toUri = request.to.uri;
    const aor = toUri.type === 'sip' ? toUri.user : toUri.type === 'tel' ? toUri.number : undefined;
    if (!aor) return createResponse(request, 404, 'Not Found', { toTag: newTag() });

    const outcome = await this.#verifier.verify({
      realm: this.#policy.realm,
      method: request.method,
      requestUri: serializeUri(request.uri),
      authorization: request.getAll('Authorization'),
      source: inbound.source.address,
      expectedUsername: aor,
    });
    if (outcome.kind === 'challenge') {
      const response = createResponse(request, 401, 'Unauthorized', { toTag: newTag() });
      for (const challenge of outcome.challenges) response.add('WWW-Authenticate', challenge);
      return response;
    }
    if (outcome.kind === 'refused') {
      this.#events.authFailed?.({ aor, source: inbound.source.address, reason: outcome.reason });
      // Every refusal looks the same to the peer: no hint whether the user exists.
      return createResponse(request, 403, 'Forbidden', { toTag: newTag() });
    }

    let contacts;
    try {
      contacts = request.contact;
    } catch {
      return createResponse(request, 400, 'Bad Contact', { toTag: newTag() });
    }
    const headerExpires = safeExpires(request);
    const now = this.#clock.now();

    if (contacts === '*') {
      // RFC 3261 §10.3 step 6: "*" only with Expires: 0.
      if (headerExpires !== 0)
        return createResponse(request, 400, 'Wildcard Contact Needs Expires 0', {
          toTag: newTag(),
        });
      this.#location.removeAll(aor);
      return this.#ok(request, aor);
    }

    // RFC 3261 §10.3: a REGISTER is applied whole or not at all, so every contact is checked
    // before any binding changes.
    const changes: { key: string; q: number; expires: number }[] = [];
    for (const contact of contacts ?? []) {
      const key = serializeUri(contact.uri);
      const asked = contactExpires(contact) ?? headerExpires ?? this.#policy.defaultExpires;
      const existing = this.#location.get(aor, key);
      // §10.3 step 7: an older or repeated CSeq of the same Call-ID changes nothing.
      if (existing && existing.callId === request.callId && request.cseq.seq <= existing.cseq) {
        return createResponse(request, 500, 'Out Of Order Request', { toTag: newTag() });
      }
      const q = qValue(contact);
      if (q === undefined) {
        // RFC 3261 §20.10 / §25.1: qvalue is 0 to 1 with at most three decimals.
        return createResponse(request, 400, 'Bad Contact q-value', { toTag: newTag() });
      }
      if (asked !== 0 && asked < this.#policy.minExpires) {
        const response = createResponse(request, 423, 'Interval Too Brief', { toTag: newTag() });
        response.set('Min-Expires', String(this.#policy.minExpires));
        return response;
      }
      changes.push({ key, q, expires: Math.min(asked, this.#policy.maxExpires) });
    }
    for (const { key, q, expires } of changes) {
      if (expires === 0) {
        this.#location.remove(aor, key);
        continue;
      }
      this.#location.upsert(
        {
          aor,
          contact: key,
          source: inbound.source,
          callId: request.callId,
          cseq: request.cseq.seq,
          expiresAt: now + expires * 1000,
          userAgent: request.get('User-Agent'),
          q,
        },
        this.#policy.maxContacts,
      );
    }
    return this.#ok(request, aor);
  }

  /** 200 listing every current contact with the seconds it has left (RFC 3261 §10.3 step 8). */
  #ok(request: SipRequest, aor: string): SipResponse {
    const response = createResponse(request, 200, 'OK', { toTag: newTag() });
    const now = this.#clock.now();
    for (const binding of this.#location.lookup(aor)) {
      const left = Math.max(0, Math.round((binding.expiresAt - now) / 1000));
      response.add('Contact', `<${binding.contact}>;expires=${left}`);
    }
    response.set('Date', new Date(now).toUTCString());
    return response;
  }
}

function safeExpires(request: SipRequest): number | undefined {
  try {
    return request.expires;
  } catch {
    return undefined;
  }
}

function contactExpires(contact: NameAddr): number | undefined {
  const value = contact.params.get('expires');
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? Math.min(n, 2 ** 32 - 1) : undefined;
}

/** RFC 3261 §25.1: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ). */
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

/** A contact's preference: 1 without a q, undefined when its q is not a qvalue. */
function qValue(contact: NameAddr): number | undefined {
  const raw = contact.params.get('q');
  if (raw === undefined) return 1;
  return typeof raw === 'string' && QVALUE.test(raw) ? Number(raw) : undefined;
}
