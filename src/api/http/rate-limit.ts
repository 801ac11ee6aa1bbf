// Rate limits on the API (/api/...): each request takes one from its caller's
// budget — the API token's, or the logged-in user's over all their sessions —
// and anonymous requests from the client address's, so a hundred agents behind
// one NAT address never share a budget. The CTI WebSocket counts once, at its
// upgrade; the web app's files and the health and metrics endpoints not at all.
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HotlineError, type Clock } from '../../platform/index.ts';
import { RateLimitBuckets, type RateDecision } from './rate-limit-buckets.ts';
import { SESSION_COOKIE } from './access-control.ts';

export interface HttpRateLimitConfig {
  /** Per API token and per logged-in user. */
  perSecond: number;
  burst: number;
  /** Per client address, for requests without valid credentials. */
  addressPerSecond: number;
  addressBurst: number;
  /**
   * Never limited. A separate list from SIP's trusted addresses: those are carriers and SIP
   * proxies, which have no business getting unlimited access to the HTTP API.
   */
  exemptAddresses: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set once the request has been counted, or found not to count. */
    rateLimitChecked: boolean;
  }
}

export function installRateLimit(
  app: FastifyInstance,
  clock: Clock,
  config: HttpRateLimitConfig,
): void {
  const callers = new RateLimitBuckets(clock, { perSecond: config.perSecond, burst: config.burst });
  const addresses = new RateLimitBuckets(clock, {
    perSecond: config.addressPerSecond,
    burst: config.addressBurst,
  });
  const exempt = new Set(config.exemptAddresses.map(clientAddress));

  app.decorateRequest('rateLimitChecked', false);

  // Runs before access control: a request with no credentials at all is anonymous whatever the
  // route, so it is counted (and refused when over) before any work is done for it.
  app.addHook('onRequest', async (request, reply) => {
    if (!isApiRequest(request)) {
      request.rateLimitChecked = true;
      return;
    }
    const address = clientAddress(request.ip);
    if (exempt.has(address)) {
      request.rateLimitChecked = true;
      return;
    }
    if (request.headers.authorization !== undefined || request.cookies[SESSION_COOKIE]) return;
    request.rateLimitChecked = true;
    charge(reply, addresses.take(addressKey(address)), 'anonymous');
  });

  // Runs after access control has named the caller, before the body is read. Credentials that
  // turned out not to be valid on a public route leave the caller anonymous: the address pays.
  app.addHook('preParsing', async (request, reply) => {
    if (request.rateLimitChecked) return;
    request.rateLimitChecked = true;
    const { actor } = request;
    if (actor.kind === 'token' && actor.tokenId !== undefined)
      charge(reply, callers.take(`token:${actor.tokenId}`), 'token');
    else if (actor.kind === 'user' && actor.userId !== null)
      charge(reply, callers.take(`user:${actor.userId}`), 'user');
    else charge(reply, addresses.take(addressKey(clientAddress(request.ip))), 'anonymous');
  });
}

const overBudget = {
  token: 'this API token has made too many requests',
  user: 'your account has made too many requests',
  anonymous: 'too many requests from your address without logging in',
} as const;

/** The IETF draft's RateLimit-* fields (draft-ietf-httpapi-ratelimit-headers), on every answer. */
function charge(reply: FastifyReply, decision: RateDecision, who: keyof typeof overBudget): void {
  reply.header('ratelimit-limit', String(decision.limit));
  reply.header('ratelimit-remaining', String(decision.remaining));
  reply.header('ratelimit-reset', String(decision.resetSeconds));
  if (decision.allowed) return;
  const wait = decision.retryAfterSeconds;
  const then =
    who === 'anonymous' ? 'log in or use an API token' : 'pace requests by the RateLimit headers';
  throw new HotlineError(
    'rate-limited',
    `${overBudget[who]}; retry in ${wait} s (Retry-After), then ${then}`,
    { retryAfterSeconds: wait },
  );
}

function isApiRequest(request: FastifyRequest): boolean {
  // The route's template catches percent-encoded spellings of an API path; the raw path catches
  // API paths no route matched (they still cost a lookup and are what a scanner sends).
  if (isApiPath(request.routeOptions.url ?? '')) return true;
  const path = request.url.split('?')[0]!;
  try {
    return isApiPath(decodeURIComponent(path));
  } catch {
    return isApiPath(path);
  }
}

function isApiPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/');
}

/** An IPv4 client of a dual-stack socket shows as ::ffff:a.b.c.d; it is still that IPv4 address. */
function clientAddress(ip: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

/**
 * The budget an address draws on: an IPv4 address its own, an IPv6 address its /64, since one
 * subscriber usually holds a whole /64 and could otherwise take a fresh budget per request.
 */
function addressKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const bare = address.split('%')[0]!.toLowerCase();
  const [head = '', tail] = bare.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  // An embedded IPv4 tail (::a.b.c.d) is two groups; it only shifts where the zeros go.
  const right = groups(tail ?? '').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g]));
  const full =
    tail === undefined
      ? left
      : [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const prefix = full.slice(0, 4).map((g) => parseInt(g, 16).toString(16));
  return `${prefix.join(':')}::/64`;
}
