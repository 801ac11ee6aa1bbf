// The health of telephony as the wallboard shows it, as a TypeBox schema: registered extensions,
// trunks (OPTIONS keep-alive and registration), calls and legs in progress, and each media
// worker's load. The REST answer, the CTI push and (Static<>) the web client share it.
import { Type, type Static, type TSchema } from 'typebox';
import { agentStates } from '../../callcenter/index.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A trunk's verdict: what the wallboard colours it by. */
export const trunkHealthStates = ['up', 'down', 'unknown'] as const;
export type TrunkHealthState = (typeof trunkHealthStates)[number];

export const TrunkHealth = Type.Object({
  name: Type.String(),
  status: Type.Enum([...trunkHealthStates], {
    description:
      'down: keep-alives unanswered, registration failed or the host did not resolve; up: answering keep-alives or registered; unknown: not probed yet (or neither probed nor registering).',
  }),
  keepAlive: Nullable(
    Type.Object(
      {
        state: Type.Enum(['unknown', 'up', 'down']),
        since: Type.Integer({ description: 'When the state last changed (epoch ms).' }),
        lastStatus: Nullable(
          Type.Integer({ description: 'The last probe’s status; 408 for no answer in time.' }),
        ),
        lastRttMs: Nullable(Type.Integer({ description: 'The last answered probe’s round trip.' })),
      },
      { description: 'The OPTIONS keep-alive; null when the trunk has none.' },
    ),
  ),
  registration: Nullable(
    Type.Object(
      {
        state: Type.Enum(['unregistered', 'registering', 'registered', 'failed', 'unregistering']),
        since: Type.Integer({ description: 'When the state last changed (epoch ms).' }),
        expiresAt: Nullable(Type.Integer()),
        reason: Nullable(Type.String({ description: 'Why the last attempt failed.' })),
      },
      { description: 'The registration with the carrier; null when the trunk does not register.' },
    ),
  ),
  activeCalls: Type.Integer({ description: 'Calls out through the trunk now.' }),
  maxConcurrentCalls: Nullable(Type.Integer()),
  error: Nullable(Type.String({ description: 'Set when the trunk could not start.' })),
});
export type TrunkHealth = Static<typeof TrunkHealth>;

export const MediaWorkerHealth = Type.Object({
  index: Type.Integer(),
  ready: Type.Boolean({ description: 'false while the worker (re)starts.' }),
  endpoints: Type.Integer({ description: 'RTP endpoints placed on the worker.' }),
  recordings: Nullable(Type.Integer()),
  busyPercent: Nullable(
    Type.Integer({
      description:
        'Share of the last second the worker’s event loop was busy; new calls avoid a worker past 85 %. Null until its first report.',
    }),
  ),
  lateTicks: Nullable(
    Type.Integer({
      description: '20 ms media ticks that ran more than a period late, since start.',
    }),
  ),
  maxTickLatenessMs: Nullable(Type.Integer({ description: 'The latest tick, since start.' })),
  restarts: Type.Integer({ description: 'Times the worker crashed and was restarted.' }),
});
export type MediaWorkerHealth = Static<typeof MediaWorkerHealth>;

export const TelephonyHealth = Type.Object({
  time: Type.Integer({ description: 'When the figures were read (epoch ms).' }),
  running: Type.Boolean({ description: 'Whether telephony (SIP, media, routing) is started.' }),
  extensions: Type.Object({
    known: Type.Integer({ description: 'SIP extensions that exist, registered or not.' }),
    registered: Type.Integer({ description: 'Extensions with at least one registered contact.' }),
    contacts: Type.Integer({ description: 'Registered contacts (a phone may register several).' }),
    unregisteredAgents: Type.Array(
      Type.Object({
        agentId: Type.String(),
        extension: Type.String(),
        state: Type.Enum([...agentStates]),
      }),
      { description: 'Logged-in agents whose extension has no registered phone: not routable.' },
    ),
  }),
  trunks: Type.Array(TrunkHealth),
  calls: Type.Object({
    calls: Type.Integer({ description: 'Calls in progress in the call model.' }),
    legs: Type.Integer({
      description: 'SIP legs up (a call has one or more; prompt recordings and tests add some).',
    }),
  }),
  media: Nullable(
    Type.Object(
      {
        portsInUse: Type.Integer(),
        portCapacity: Type.Integer(),
        workers: Type.Array(MediaWorkerHealth),
      },
      { description: 'The media engine; null while telephony is not started.' },
    ),
  ),
});
export type TelephonyHealth = Static<typeof TelephonyHealth>;
