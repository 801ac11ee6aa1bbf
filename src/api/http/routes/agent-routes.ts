// Agents over HTTP: an agent logs in on an extension, goes ready or not ready
// (with a reason), ends after-call work by going ready, logs out; supervisors
// list everyone with state and time in state and can force a state.
import { Type, type Static } from 'typebox';
import { HotlineError } from '../../../platform/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { errorResponses } from '../schemas.ts';

export const AgentView = Type.Object(
  {
    agentId: Type.String({ description: 'The agent’s username.' }),
    extension: Type.String(),
    state: Type.String({
      description: 'logged-out, ready, not-ready, reserved, on-call, held or wrap-up',
    }),
    reason: Type.Union([Type.String(), Type.Null()], { description: 'The not-ready reason.' }),
    since: Type.Integer({ description: 'When the agent entered this state (epoch ms).' }),
    wrapUpEndsAt: Type.Union([Type.Integer(), Type.Null()], {
      description:
        'In wrap-up: when after-call work ends by itself (epoch ms); null when the agent ends it.',
    }),
    registered: Type.Boolean({
      description: 'Whether the agent’s phone is registered (routable).',
    }),
    skills: Type.Record(Type.String(), Type.Integer({ minimum: 1, maximum: 5 })),
    callsAnswered: Type.Integer(),
    remoteAnswerCallId: Type.Union([Type.String(), Type.Null()], {
      description:
        'The call ringing on the agent’s phone when the phone takes remote answer: POST /api/v1/calls/{callId}/answer picks it up from the desk; null otherwise.',
    }),
  },
  { $id: 'Agent' },
);
export type AgentView = Static<typeof AgentView>;

/** What the routes need of the ACD (the app provides it once telephony runs). */
export interface AgentsPort {
  list(): AgentView[];
  get(agentId: string): AgentView | undefined;
  login(agentId: string, input: { extension: string; ready?: boolean }): AgentView;
  logout(agentId: string): AgentView;
  ready(agentId: string): AgentView;
  notReady(agentId: string, reason: string): AgentView;
  force(agentId: string, state: 'ready' | 'not-ready' | 'logged-out', by: string): AgentView;
  reasons(): string[];
}

export function registerAgentRoutes(app: HttpApp, { agents, events, audit }: ApiServices): void {
  const port = (): AgentsPort => {
    if (!agents) throw new HotlineError('unavailable', 'Telephony is not running on this node.');
    return agents;
  };
  const me = { config: { access: 'agents:self' as const } };
  const ok = { 200: AgentView, ...errorResponses };

  app.get(
    '/api/v1/agents',
    {
      config: { access: 'agents:read' },
      schema: {
        tags: ['agents'],
        summary: 'Every agent known since start, with state and time in state',
        response: {
          200: Type.Object({ agents: Type.Array(AgentView), reasons: Type.Array(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async () => ({ agents: port().list(), reasons: port().reasons() }),
  );

  app.get(
    '/api/v1/agents/me',
    { ...me, schema: { tags: ['agents'], summary: 'The calling agent', response: ok } },
    async (request) => {
      const view = port().get(request.actor.name);
      if (!view)
        throw new HotlineError('not-found', 'You are not logged in as an agent.', {
          field: 'agent',
        });
      return view;
    },
  );

  app.post(
    '/api/v1/agents/me/login',
    {
      ...me,
      schema: {
        tags: ['agents'],
        summary: 'Log in as an agent on an extension (not ready, reason login, unless ready: true)',
        body: Type.Object(
          {
            extension: Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9]+$' }),
            ready: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: ok,
      },
    },
    async (request) => port().login(request.actor.name, request.body),
  );

  app.post(
    '/api/v1/agents/me/ready',
    {
      ...me,
      schema: {
        tags: ['agents'],
        summary: 'Ready for calls (also ends after-call work)',
        response: ok,
      },
    },
    async (request) => port().ready(request.actor.name),
  );

  app.post(
    '/api/v1/agents/me/not-ready',
    {
      ...me,
      schema: {
        tags: ['agents'],
        summary: 'Not ready, with a reason (applied after the current call when busy)',
        body: Type.Object(
          { reason: Type.String({ minLength: 1, maxLength: 32 }) },
          { additionalProperties: false },
        ),
        response: ok,
      },
    },
    async (request) => port().notReady(request.actor.name, request.body.reason),
  );

  app.post(
    '/api/v1/agents/me/logout',
    {
      ...me,
      schema: { tags: ['agents'], summary: 'Log out (refused during a call)', response: ok },
    },
    async (request) => port().logout(request.actor.name),
  );

  app.post(
    '/api/v1/agents/:agentId/state',
    {
      config: { access: 'agents:force' },
      schema: {
        tags: ['agents'],
        summary: "Force an agent's state (reason forced; a busy agent follows after the call)",
        params: Type.Object({ agentId: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: Type.Object(
          {
            state: Type.Union([
              Type.Literal('ready'),
              Type.Literal('not-ready'),
              Type.Literal('logged-out'),
            ]),
          },
          { additionalProperties: false },
        ),
        response: ok,
      },
    },
    async (request) => {
      const view = port().force(request.params.agentId, request.body.state, request.actor.name);
      // A supervisor acting on someone else is audited (the agent's own changes are events).
      await events.write((w) =>
        audit.record(w.trx, request.actor, {
          action: 'agent.force-state',
          resource: 'agents',
          resourceId: request.params.agentId,
          details: { state: request.body.state },
        }),
      );
      return view;
    },
  );
}
