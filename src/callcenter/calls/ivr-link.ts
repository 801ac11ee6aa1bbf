// Where the call model meets the IVR: runs a flow on a call's customer leg,
// feeds it the leg's events, keeps the recordings it starts (so the call can
// stop them and log their files), and lets a run finish after its caller hung
// up (a voicemail the caller ended by hanging up is still saved and logged).
import type { TelephonyEvent } from '../../telephony/index.ts';
import type { Call } from './call.ts';
import type { CallEvents } from './call-events.ts';
import type { IvrFinished, IvrResult, IvrRun, IvrStarter } from './call-routes.ts';

export interface IvrLinkHost {
  execute: (command: Parameters<Parameters<IvrStarter['start']>[0]['execute']>[0]) => void;
  record<K extends keyof CallEvents>(call: Call, type: K, payload: CallEvents[K]): void;
  /** The run could not start: the call must end rather than leave the caller in silence. */
  failed(call: Call, error: unknown): void;
  /** The flow finished while the call is still up: the controller acts on the outcome. */
  finished(call: Call, finished: IvrFinished): void;
}

export class IvrLink {
  readonly #starter: IvrStarter;
  readonly #host: IvrLinkHost;
  readonly #runs = new Map<string, { run: IvrRun; release: () => void }>();
  /** Runs finishing after their caller hung up (a voicemail waiting for its file). */
  readonly #lingering = new Map<string, IvrRun>();
  /** Recordings not finished yet, to their call (which may have ended meanwhile). */
  readonly #recordings = new Map<string, Call>();

  constructor(starter: IvrStarter, host: IvrLinkHost) {
    this.#starter = starter;
    this.#host = host;
  }

  /** What it keeps per call (runs, recordings not finished yet), for the bookkeeping tests. */
  get tracked(): { ivrRuns: number; lingeringRuns: number; recordings: number } {
    return {
      ivrRuns: this.#runs.size,
      lingeringRuns: this.#lingering.size,
      recordings: this.#recordings.size,
    };
  }

  /** Starts `flow` on the call (already in state `ivr`). */
  run(call: Call, flow: string): void {
    this.#host.record(call, 'call.ivr-started', { callId: call.id, flow });
    const caller: { number: string; e164?: string } = { number: call.data.caller.raw };
    if (call.data.caller.e164) caller.e164 = call.data.caller.e164;
    let run: IvrRun;
    try {
      run = this.#start(call, flow, caller);
    } catch (error) {
      return this.#host.failed(call, error);
    }
    const resource = { release: () => run.stop() };
    call.resources.add(resource);
    this.#runs.set(call.id, { run, release: () => call.resources.delete(resource) });
  }

  /** A DTMF digit or a playback's end on the customer leg, while the IVR runs. */
  forward(call: Call, event: TelephonyEvent): void {
    if (call.state === 'ivr') this.#runs.get(call.id)?.run.handle(event);
  }

  /** The customer hung up: a running IVR hears it and winds down by itself. */
  customerGone(call: Call, event: TelephonyEvent): void {
    const entry = this.#runs.get(call.id);
    if (!entry || call.state !== 'ivr') return;
    entry.release(); // not stopped with the call: it finishes by itself
    this.#lingering.set(call.id, entry.run);
    entry.run.handle(event);
  }

  /** A recording of the call the controller started (the whole conversation), kept like the IVR's. */
  trackRecording(call: Call, recordingId: string): void {
    call.recordings.add(recordingId);
    this.#recordings.set(recordingId, call);
  }

  /** A recording finished; false when it is not one of a call's. */
  recordingFinished(event: Extract<TelephonyEvent, { type: 'recording.finished' }>): boolean {
    const call = this.#recordings.get(event.recordingId);
    if (!call) return false;
    this.#recordings.delete(event.recordingId);
    call.recordings.delete(event.recordingId);
    this.#host.record(call, 'call.recording-finished', {
      callId: call.id,
      recordingId: event.recordingId,
      path: event.path,
      durationMs: event.durationMs,
      reason: event.reason,
    });
    const lingering = this.#lingering.get(call.id);
    if (lingering) lingering.handle(event);
    else this.forward(call, event);
    return true;
  }

  /** The call ended: its run (if still registered) is forgotten; the call's release stopped it. */
  released(call: Call): void {
    this.#runs.delete(call.id);
  }

  /** Shutdown: runs still finishing after their caller hung up are stopped. */
  stopLingering(): void {
    for (const run of this.#lingering.values()) run.stop();
    this.#lingering.clear();
  }

  voicemail(call: Call, result: Extract<IvrResult, { kind: 'voicemail' }>): void {
    const payload: CallEvents['call.voicemail'] = {
      callId: call.id,
      recordingId: result.recordingId,
      durationMs: result.durationMs,
    };
    if (result.path) payload.path = result.path;
    this.#host.record(call, 'call.voicemail', payload);
  }

  #start(call: Call, flow: string, caller: { number: string; e164?: string }): IvrRun {
    return this.#starter.start(
      {
        callId: call.id,
        legId: call.customer.id,
        flow,
        caller,
        dialed: call.data.dialed,
        // The IVR's commands pass through here so the call knows what to release (recordings).
        execute: (command) => {
          if (call.ended) return;
          if (command.type === 'recording.start') {
            call.recordings.add(command.recordingId);
            this.#recordings.set(command.recordingId, call);
          }
          if (command.type === 'recording.stop') call.recordings.delete(command.recordingId);
          this.#host.execute(command);
        },
      },
      {
        onNode: (node, nodeType, selfService) => {
          if (call.ended) return;
          call.data.ivrPath.push(node);
          this.#host.record(call, 'call.ivr-node', {
            callId: call.id,
            node,
            nodeType,
            ...(selfService !== undefined ? { selfService } : {}),
          });
        },
        onFinished: (finished) => {
          this.#runs.get(call.id)?.release();
          this.#runs.delete(call.id);
          this.#lingering.delete(call.id);
          if (!call.ended) this.#host.finished(call, finished);
          else if (finished.result.kind === 'voicemail') this.voicemail(call, finished.result);
        },
      },
    );
  }
}
