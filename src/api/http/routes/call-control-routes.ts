// Call control over HTTP: answer, hold, resume, hang up, send DTMF, blind transfer and
// the wrap-up disposition. Agents act on their own calls, supervisors and
// admins on any (audited). Every action takes an Idempotency-Key, so a client
// that retries after a lost answer never transfers a call twice.
import { Type, type Static } from 'typebox';
import type {
  BlindTransferTarget,
  CallActor,
  ConsultTarget,
  MonitorMode,
} from '../../../callcenter/index.ts';
import { HotlineError } from '../../../platform/index.ts';
import { callRecordRepository } from '../../../store/index.ts';
import type { Actor } from '../../auth/index.ts';
import type { ApiServices, HttpApp } from '../http-app.ts';
import { IDEMPOTENCY_HEADER, IdempotencyCache } from '../idempotency.ts';
import { errorResponses } from '../schemas.ts';

/** What the routes need of the call model (the app provides it once telephony runs). */
export interface CallControlPort {
  /** The agent answers the call ringing on their phone (remote answer). */
  answer(callId: string, actor: CallActor): void;
  hold(callId: string, actor: CallActor): void;
  resume(callId: string, actor: CallActor): void;
  hangup(callId: string, actor: CallActor): void;
  sendDtmf(callId: string, digits: string, actor: CallActor): void;
  transfer(callId: string, target: BlindTransferTarget, actor: CallActor): void;
  consult(callId: string, target: ConsultTarget, actor: CallActor): void;
  completeTransfer(callId: string, actor: CallActor): void;
  cancelConsult(callId: string, actor: CallActor): void;
  conference(callId: string, actor: CallActor): void;
  /** Click-to-call from the agent's phone; returns the new call's id. */
  dialOut(agentId: string, number: string): string;
  /** Whether the agent may place outside calls (their profile's permission). */
  mayDialOut(agentId: string): boolean;
  monitor(callId: string, extension: string, mode: MonitorMode, actor: CallActor): void;
  /** Whether the call is live now. */
  isLive(callId: string): boolean;
  /** The call an agent talks on, wraps up or is rung for, if any (whose call it is). */
  currentCallOf(agentId: string): string | undefined;
  dispositionCodes(): readonly string[];
  isExtension(extension: string): boolean;
}

const QueueTarget = Type.Object(
  { kind: Type.Literal('queue'), queue: Type.String({ minLength: 1, maxLength: 64 }) },
  { additionalProperties: false },
);
const ExtensionTarget = Type.Object(
  { kind: Type.Literal('extension'), extension: Type.String({ pattern: '^[0-9]{2,16}$' }) },
  { additionalProperties: false },
);
const ExternalTarget = Type.Object(
  { kind: Type.Literal('external'), number: Type.String({ pattern: '^\\+?[0-9]{3,20}$' }) },
  { additionalProperties: false },
);

const TransferBody = Type.Object(
  {
    target: Type.Union([QueueTarget, ExtensionTarget, ExternalTarget], {
      description: 'Where the call goes: a queue, an extension, or a number outside.',
    }),
  },
  { additionalProperties: false },
);
type TransferBody = Static<typeof TransferBody>;

const ConsultBody = Type.Object(
  {
    target: Type.Union([ExtensionTarget, ExternalTarget], {
      description: 'Whose phone rings for the consultation: an extension or a number outside.',
    }),
  },
  { additionalProperties: false },
);
type ConsultBody = Static<typeof ConsultBody>;

const Done = Type.Object({
  callId: Type.String(),
  action: Type.String(),
  at: Type.Integer({ description: 'When the action was taken (epoch ms).' }),
});

/** The call-model actor for the request's user: agents act as themselves, others supervise. */
function callActor(actor: Actor): CallActor {
  if (actor.role === 'agent') return { kind: 'agent', agentId: actor.name };
  return { kind: 'supervisor', userId: actor.name };
}

export function registerCallControlRoutes(app: HttpApp, services: ApiServices): void {
  const { clock, events, audit } = services;
  const idempotency = new IdempotencyCache(clock);
  const port = (): CallControlPort => {
    if (!services.callControl)
      throw new HotlineError('unavailable', 'Telephony is not running on this node.');
    return services.callControl;
  };
  const params = Type.Object({ callId: Type.String({ minLength: 1, maxLength: 64 }) });
  const headers = Type.Object({
    [IDEMPOTENCY_HEADER]: Type.Optional(
      Type.String({ description: 'Any unique string; a retry with it changes nothing twice.' }),
    ),
  });

  /** One action: idempotent, audited when someone else's call is acted on. */
  const action = <B>(
    name: string,
    summary: string,
    body: ReturnType<typeof Type.Object> | undefined,
    run: (callId: string, actor: CallActor, body: B) => void,
    access: 'calls:control' | 'calls:monitor' = 'calls:control',
  ) =>
    app.post(
      `/api/v1/calls/:callId/${name}`,
      {
        config: { access },
        schema: {
          tags: ['call control'],
          summary,
          params,
          headers,
          ...(body ? { body } : {}),
          response: { 200: Done, ...errorResponses },
        },
      },
      async (request, reply) => {
        const { callId } = request.params;
        const key = (request.headers as Record<string, string | undefined>)[IDEMPOTENCY_HEADER];
        const actor = callActor(request.actor);
        const scope = `${request.actor.name} ${name} ${callId} ${JSON.stringify(request.body ?? null)}`;
        const answer = await idempotency.run(key, scope, async () => {
          run(callId, actor, request.body as B);
          if (actor.kind === 'supervisor')
            await events.write((w) =>
              audit.record(w.trx, request.actor, {
                action: `call.${name.replace('/', '.')}`,
                resource: 'calls',
                resourceId: callId,
                ...(request.body ? { details: request.body as Record<string, unknown> } : {}),
              }),
            );
          return { status: 200, body: { callId, action: name, at: clock.now() } };
        });
        if (answer.replayed) reply.header('idempotent-replayed', 'true');
        return reply.status(answer.status).send(answer.body as Static<typeof Done>);
      },
    );

  action(
    'answer',
    'Answer the call ringing on your phone from the desk (phones that take remote answer)',
    undefined,
    (id, a) => port().answer(id, a),
  );
  action(
    'hold',
    'Put the customer on hold (music) while the agent stays on the line',
    undefined,
    (id, a) => port().hold(id, a),
  );
  action('resume', 'Take the customer off hold', undefined, (id, a) => port().resume(id, a));
  action('hangup', 'End the call for everyone on it', undefined, (id, a) => port().hangup(id, a));
  action<{ digits: string }>(
    'dtmf',
    'Send DTMF digits toward the customer’s side (RFC 4733, or tones)',
    Type.Object(
      { digits: Type.String({ pattern: '^[0-9*#A-D]{1,32}$', description: '0-9 * # A-D' }) },
      { additionalProperties: false },
    ),
    (id, a, body) => port().sendDtmf(id, body.digits, a),
  );
  action<TransferBody>(
    'transfer',
    'Blind transfer to a queue, an extension or a number outside (the allow-list applies)',
    TransferBody,
    (id, a, body) => {
      const { target } = body;
      if (target.kind === 'extension' && !port().isExtension(target.extension))
        throw new HotlineError('not-found', `There is no extension ${target.extension}.`, {
          field: 'body.target.extension',
        });
      port().transfer(id, target, a);
    },
  );

  action<ConsultBody>(
    'consult',
    'Attended transfer, first step: the customer hears music and the agent’s colleague (or a number outside) rings; the agent talks to them alone',
    ConsultBody,
    (id, a, body) => {
      const { target } = body;
      if (target.kind === 'extension' && !port().isExtension(target.extension))
        throw new HotlineError('not-found', `There is no extension ${target.extension}.`, {
          field: 'body.target.extension',
        });
      port().consult(id, target, a);
    },
  );
  action(
    'consult/complete',
    'Complete the attended transfer (or leave a conference): the agent leaves, the others talk on',
    undefined,
    (id, a) => port().completeTransfer(id, a),
  );
  action(
    'consult/cancel',
    'Cancel the consultation (or drop the conference’s third party): the customer is back with the agent',
    undefined,
    (id, a) => port().cancelConsult(id, a),
  );
  action(
    'conference',
    'Join the customer, the agent and the consulted party in one conversation',
    undefined,
    (id, a) => port().conference(id, a),
  );

  action<{ mode: MonitorMode; extension: string }>(
    'monitor',
    'Listen to, whisper into (heard by the agent only) or barge (heard by both) the call from your extension; again to change the mode',
    Type.Object(
      {
        mode: Type.Union([Type.Literal('listen'), Type.Literal('whisper'), Type.Literal('barge')]),
        extension: Type.String({ pattern: '^[0-9]{2,16}$', description: 'The phone that rings.' }),
      },
      { additionalProperties: false },
    ),
    (id, a, body) => {
      if (!port().isExtension(body.extension))
        throw new HotlineError('not-found', `There is no extension ${body.extension}.`, {
          field: 'body.extension',
        });
      port().monitor(id, body.extension, body.mode, a);
    },
    'calls:monitor',
  );

  app.post(
    '/api/v1/calls',
    {
      config: { access: 'calls:control' },
      schema: {
        tags: ['call control'],
        summary:
          'Dial out (click-to-call): the agent’s phone rings first, then the number through the outbound trunk',
        description:
          'Agents only, and only those their profile allows to place outside calls; the number must pass the outbound allow-list. Send an Idempotency-Key: a retried click never dials twice.',
        headers,
        body: Type.Object(
          {
            number: Type.String({
              pattern: '^\\+?[0-9]{3,20}$',
              description: 'The number to dial.',
            }),
          },
          { additionalProperties: false },
        ),
        response: { 201: Done, ...errorResponses },
      },
    },
    async (request, reply) => {
      const actor = callActor(request.actor);
      if (actor.kind !== 'agent')
        throw new HotlineError(
          'forbidden',
          'Only agents dial out, from the phone they are logged in on.',
        );
      if (!port().mayDialOut(actor.agentId))
        throw new HotlineError(
          'forbidden',
          `Agent ${actor.agentId} may not place outside calls; an administrator allows it in the agent's profile.`,
        );
      const key = (request.headers as Record<string, string | undefined>)[IDEMPOTENCY_HEADER];
      const scope = `${request.actor.name} dial ${request.body.number}`;
      const answer = await idempotency.run(key, scope, () => {
        const callId = port().dialOut(actor.agentId, request.body.number);
        return Promise.resolve({ status: 201, body: { callId, action: 'dial', at: clock.now() } });
      });
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(answer.status).send(answer.body as Static<typeof Done>);
    },
  );

  app.get(
    '/api/v1/dispositions',
    {
      config: { access: 'calls:control' },
      schema: {
        tags: ['call control'],
        summary: 'The disposition codes an agent may choose at wrap-up',
        response: { 200: Type.Object({ codes: Type.Array(Type.String()) }), ...errorResponses },
      },
    },
    async () => ({ codes: [...port().dispositionCodes()] }),
  );

  app.post(
    '/api/v1/calls/:callId/disposition',
    {
      config: { access: 'calls:control' },
      schema: {
        tags: ['call control'],
        summary: 'Set the call’s disposition code and notes (during the call or its wrap-up)',
        params,
        body: Type.Object(
          {
            code: Type.String({ minLength: 1, maxLength: 64 }),
            notes: Type.Optional(Type.String({ maxLength: 4000 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Done, ...errorResponses },
      },
    },
    async (request) => {
      const { callId } = request.params;
      const { code, notes } = request.body;
      const calls = port();
      if (!calls.dispositionCodes().includes(code))
        throw new HotlineError(
          'invalid-input',
          `body.code must be one of: ${calls.dispositionCodes().join(', ')}.`,
          { field: 'body.code' },
        );
      const actor = callActor(request.actor);
      if (actor.kind === 'agent') {
        if (calls.currentCallOf(actor.agentId) !== callId)
          throw new HotlineError(
            'forbidden',
            `Call ${callId} is not your current call; only its agent (or a supervisor) sets its disposition.`,
          );
      } else if (
        !calls.isLive(callId) &&
        !(await callRecordRepository.byId(events.database.db, callId))
      ) {
        throw new HotlineError('not-found', `There is no call ${callId}.`);
      }
      await events.write(async (w) => {
        await w.append('call.disposition-set', `call:${callId}`, {
          callId,
          code,
          ...(notes !== undefined ? { notes } : {}),
          by: request.actor.name,
        });
        if (actor.kind === 'supervisor')
          await audit.record(w.trx, request.actor, {
            action: 'call.disposition',
            resource: 'calls',
            resourceId: callId,
            details: { code },
          });
      });
      return { callId, action: 'disposition', at: clock.now() };
    },
  );
}
