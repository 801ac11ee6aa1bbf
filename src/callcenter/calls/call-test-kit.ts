// A call controller wired to the real ACD (one queue, `flights`) over simulated
// telephony, for the tests of queued, held and transferred calls: commands
// sent and events recorded are kept for the test to read.
import { FakeClock } from '../../platform/index.ts';
import type { TelephonyCommand, TelephonyEvent } from '../../telephony/index.ts';
import { Acd } from '../acd/index.ts';
import { CallController, type CallControllerOptions } from './call-controller.ts';
import type { IvrHooks, IvrStarter } from './call-routes.ts';
import { applyCallEvent, type CallRecord, type CallRecordEvent } from './call-record.ts';

export function setup(
  queue: Record<string, unknown> = {},
  extraQueues: Record<string, unknown>[] = [],
  more: Partial<CallControllerOptions> = {},
) {
  const clock = new FakeClock(Date.UTC(2026, 10, 28, 2, 0, 0));
  const commands: TelephonyCommand[] = [];
  const events: { type: string; payload: Record<string, unknown> }[] = [];
  const callEvents: CallRecordEvent[] = [];
  let hooks: IvrHooks | undefined;
  const acdSeen: string[][] = [];
  const ivr: IvrStarter = {
    start: (_init, h) => {
      hooks = h;
      return { handle: () => undefined, stop: () => undefined };
    },
  };
  /** How the simulated desk phones take a remote answer: pick up, refuse (489 Bad Event), or say nothing. */
  const phones = { onRemoteAnswer: 'answer' as 'answer' | 'refuse' | 'ignore' };
  let n = 0;
  let id = 0;
  // eslint-disable-next-line prefer-const -- the ACD's dispatch needs the controller made after it
  let controller: CallController;
  const acd = new Acd({
    clock,
    dispatch: (command) => {
      for (const seen of acdSeen) seen.push(command.type);
      controller.acdCommand(command);
    },
    record: (type, _stream, payload) => events.push({ type, payload: payload }),
    queues: [
      {
        name: 'flights',
        ringTimeoutSeconds: 15,
        wrapUpSeconds: 30,
        announcements: { atJoin: false, everySeconds: 0 },
        ...queue,
      },
      ...extraQueues,
    ],
  });
  controller = new CallController({
    clock,
    execute: (c) => {
      commands.push(c);
      if (c.type === 'leg.answer.remote') remoteAnswer(c.legId);
    },
    record: (type, _stream, payload, at) =>
      callEvents.push({ id: ++id, time: at, type, payload } as CallRecordEvent),
    routes: { forNumber: () => ({ kind: 'flow', flow: 'demo' }) },
    ivr,
    newId: () => `id-${++n}`,
    ringTimeoutMs: 20_000,
    holdPrompt: 'please-hold',
    voicemailFlow: 'voicemail',
    recordingPath: (callId, segment) => `/recordings/${callId}-${segment}.wav`,
    outboundTrunk: 'telecom',
    outboundPattern: /^\+?[0-9]{3,15}$/,
    acd,
    ...more,
  });
  const emit = (event: TelephonyEvent) => controller.handle(event);
  /** A simulated phone asked to answer (NOTIFY Event: talk) does so a moment later, or refuses. */
  function remoteAnswer(legId: string): void {
    clock.after(0, () => {
      if (phones.onRemoteAnswer === 'answer')
        emit({ type: 'leg.answered', legId, at: clock.now() });
      else if (phones.onRemoteAnswer === 'refuse')
        emit({
          type: 'leg.answer.remote.failed',
          legId,
          reason: 'refused',
          sipStatus: 489,
          at: clock.now(),
        });
    });
  }
  /** The phone of an originated leg rings; `remoteAnswer`: it offers remote answer. */
  const ring = (legId: string, remoteAnswer = true) =>
    emit({ type: 'leg.ringing', legId, remoteAnswer, at: clock.now() });
  const login = (
    agentId: string,
    extension: string,
    skills: Record<string, number> = { flights: 3 },
  ) => {
    acd.agents.login(agentId, { extension, skills, ready: true });
    acd.agents.deviceRegistered(extension);
  };
  /** A caller's leg arrives (the call model answers it and starts the IVR once it is answered). */
  const offerCall = (legId = 'c1') =>
    emit({
      type: 'leg.offered',
      legId,
      to: '4008001000',
      from: { number: '013812345678' },
      source: { kind: 'trunk', trunk: 't' },
      at: clock.now(),
    });
  /** The leg answers and the IVR queues the call in flights at `priority`. */
  const answerAndQueue = (legId = 'c1', priority = 0) => {
    emit({ type: 'leg.answered', legId, at: clock.now() });
    hooks!.onFinished({
      result: { kind: 'queue', queue: 'flights', priority, skills: [] },
      path: ['welcome', 'flights'],
      vars: {},
      language: 'zh',
    });
  };
  const queueCall = (legId = 'c1') => {
    offerCall(legId);
    answerAndQueue(legId);
  };
  const originates = () =>
    commands.filter(
      (c): c is Extract<TelephonyCommand, { type: 'leg.originate' }> => c.type === 'leg.originate',
    );
  const cdr = () =>
    callEvents.reduce<CallRecord | undefined>((r, e) => applyCallEvent(r, e), undefined)!;
  const agentState = (agentId: string) => acd.agents.get(agentId)!.state;
  return {
    clock,
    commands,
    events,
    callEvents,
    acd,
    controller,
    emit,
    ring,
    phones,
    login,
    offerCall,
    answerAndQueue,
    queueCall,
    originates,
    cdr,
    agentState,
    ivrHooks: () => hooks,
    acdCommands: (into: string[]) => acdSeen.push(into),
  };
}
