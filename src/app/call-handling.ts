// The call center on running telephony: the basic router, the IVR, the ACD, the call controller
// and the phone prompt recorder, wired to one another and to the telephony adapter's commands;
// leg events come back through handle().
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import {
  Acd,
  BasicCallRouter,
  CallController,
  type CallerLookup,
  type IvrLookups,
  type IvrSchedules,
  type KnownNames,
} from '../callcenter/index.ts';
import type { ClockScheduler, HotlineConfig, Logger } from '../platform/index.ts';
import type { EventCatalogue, EventStore } from '../store/index.ts';
import type { SipStack, TelephonyCommand, TelephonyEvent } from '../telephony/index.ts';
import type { PromptService } from '../api/index.ts';
import { IvrRuntime } from './ivr-runtime.ts';
import { PhonePromptRecorder } from './phone-prompt-recorder.ts';
import { DEMO_VOICEMAIL_FLOW, demoQueueConfigs } from './demo-center.ts';
import type { EventBatcher } from './event-batcher.ts';

export interface CallHandlingDeps {
  config: HotlineConfig;
  events: EventStore;
  clock: ClockScheduler;
  logger: Logger;
  /** Where call events, agent and queue events are queued for the log. */
  batcher: EventBatcher;
  /** Registered phones (the ACD's reconciliation asks whether an agent's phone is). */
  stack: SipStack;
  /** Whether a number is a SIP extension (registered or not). */
  isExtension: (number: string) => boolean;
  /** What IVR flows may call and name. */
  ivr: { lookups: IvrLookups; known: Omit<KnownNames, 'flows'>; schedules?: IvrSchedules };
  /** Where prompts recorded by phone are stored. */
  prompts: PromptService;
  callerLookup?: CallerLookup;
  /** The stored queue documents and not-ready reasons the ACD starts with (default: the demo's). */
  queues?: () => readonly unknown[];
  notReadyReasons?: () => readonly string[];
  autoAnswer?: (agentId: string) => boolean;
}

export class CallHandling {
  readonly #deps: CallHandlingDeps;
  #ivr: IvrRuntime | undefined;
  #acd: Acd | undefined;
  #calls: CallController | undefined;
  #recorder: PhonePromptRecorder | undefined;

  constructor(deps: CallHandlingDeps) {
    this.#deps = deps;
  }

  /** The ACD, once start() has made it. */
  get acd(): Acd | undefined {
    return this.#acd;
  }

  /** The call model, once start() has made it. */
  get calls(): CallController | undefined {
    return this.#calls;
  }

  /** The phone prompt recorder, once start() has made it. */
  get recorder(): PhonePromptRecorder | undefined {
    return this.#recorder;
  }

  /**
   * Makes each part in turn, each kept as soon as it exists, so stop() releases what a failed
   * start made. Recordings go under `recordings` (call recordings under `callRecordings`).
   */
  async start(
    execute: (command: TelephonyCommand) => void,
    paths: { recordings: string; callRecordings: string },
  ): Promise<void> {
    const { config, events, clock, logger, batcher, stack, isExtension } = this.#deps;
    const { recordings, callRecordings } = paths;
    const router = new BasicCallRouter({
      clock,
      execute,
      isExtension,
      answerTestNumbers: config.sip.answerTestNumbers,
      answerTestHoldMs: config.sip.answerTestSeconds * 1000,
      recordTestNumbers: config.sip.recordTestNumbers,
      recordingPath: (legId) => join(recordings, `test-${legId}.wav`),
      ringTimeoutMs: config.sip.ringTimeoutSeconds * 1000,
      newLegId: () => randomUUID(),
      ...(config.sip.outboundTrunk === ''
        ? {}
        : {
            outbound: {
              trunk: config.sip.outboundTrunk,
              pattern: new RegExp(config.sip.outboundPattern),
            },
          }),
    });
    const ivr = new IvrRuntime({
      events,
      clock,
      logger: logger.child({ part: 'ivr' }),
      lookups: this.#deps.ivr.lookups,
      known: this.#deps.ivr.known,
      ...(this.#deps.ivr.schedules ? { schedules: this.#deps.ivr.schedules } : {}),
      newId: () => randomUUID(),
      recordingPath: (recordingId) => join(recordings, `${recordingId}.wav`),
    });
    await ivr.open();
    this.#ivr = ivr;
    // eslint-disable-next-line prefer-const -- the ACD's dispatch reaches the controller made next
    let calls: CallController;
    const acd = new Acd({
      clock,
      dispatch: (command) => calls.acdCommand(command),
      // ACD events are part of the catalogue (acd-events.ts and agent-events.ts merge them in).
      record: (type, stream, payload) =>
        batcher.append(type, stream, payload as EventCatalogue[typeof type]),
      queues: this.#deps.queues?.() ?? demoQueueConfigs,
      ...(this.#deps.notReadyReasons ? { notReadyReasons: this.#deps.notReadyReasons() } : {}),
      reconcile: {
        everyMs: 30_000,
        view: {
          liveCallsOf: (agentId) => calls.callsOfAgent(agentId),
          isRegistered: (extension) => stack.location.lookup(extension).length > 0,
        },
      },
    });
    this.#acd = acd;
    // Phones that registered while the rest started up.
    for (const binding of stack.location.all()) acd.agents.deviceRegistered(binding.aor);
    calls = new CallController({
      clock,
      execute,
      // Call events are part of the catalogue (call-events.ts merges them in).
      record: (type, stream, payload, at) =>
        batcher.append(type, stream, payload as EventCatalogue[typeof type], at),
      routes: ivr,
      ivr,
      fallback: (event) => router.handle(event),
      newId: () => randomUUID(),
      logger: logger.child({ part: 'calls' }),
      ringTimeoutMs: config.sip.ringTimeoutSeconds * 1000,
      ...(config.sip.outboundTrunk ? { outboundTrunk: config.sip.outboundTrunk } : {}),
      outboundPattern: new RegExp(config.sip.outboundPattern),
      holdPrompt: 'please-hold',
      // A phone's REFER to one of ours is an extension; anything else goes out (allow-list).
      referTarget: (number) =>
        isExtension(number)
          ? { kind: 'extension', extension: number }
          : { kind: 'external', number },
      voicemailFlow: DEMO_VOICEMAIL_FLOW,
      recordingPath: (callId, segment) =>
        join(callRecordings, segment === 1 ? `${callId}.wav` : `${callId}-${segment}.wav`),
      acd,
      ...(this.#deps.callerLookup ? { callerLookup: this.#deps.callerLookup } : {}),
      ...(this.#deps.autoAnswer ? { autoAnswer: this.#deps.autoAnswer } : {}),
    });
    this.#calls = calls;
    this.#recorder = new PhonePromptRecorder({
      clock,
      logger: logger.child({ part: 'prompt-recorder' }),
      prompts: this.#deps.prompts,
      execute,
      newId: () => randomUUID(),
      workDir: recordings,
    });
  }

  /** A leg event: the prompt recorder's own legs go to it, every other to the call model. */
  handle(event: TelephonyEvent): void {
    if (this.#recorder?.owns(event)) this.#recorder.handle(event);
    else this.#calls?.handle(event);
  }

  /** Ends every call as the system's hang-up, then stops the recorder, the ACD and the IVR. */
  stop(): void {
    this.#calls?.endAll();
    this.#recorder?.stop();
    this.#acd?.stop();
    this.#ivr?.close();
  }
}
