// The mixers of calls (supervisors listening, whispering, barging; conferences): each made in its
// call's media worker on first use, legs seated in it, destroyed when the core closes it.
import type { MediaPort } from './media/index.ts';
import type { LegMedia } from './leg-media.ts';
import type { SipLeg } from './sip-leg.ts';
import type { LegId, TelephonyCommand } from './telephony-port.ts';

export class CallMixers {
  readonly #media: MediaPort;
  readonly #endpoints: LegMedia;
  readonly #leg: (id: LegId) => SipLeg | undefined;
  /** Mixers made (or being made), by mixer id. */
  readonly #mixers = new Map<string, Promise<unknown>>();

  constructor(deps: {
    media: MediaPort;
    endpoints: LegMedia;
    leg: (id: LegId) => SipLeg | undefined;
  }) {
    this.#media = deps.media;
    this.#endpoints = deps.endpoints;
    this.#leg = deps.leg;
  }

  async mix(command: Extract<TelephonyCommand, { type: 'leg.mix' }>): Promise<void> {
    const leg = this.#leg(command.legId);
    if (!leg || leg.ended) return;
    await this.#endpoints.of(command.legId, ...(command.whisperTo ?? []));
    // A call's legs share its worker (leg.callId): the mixer is made there, once.
    let made = this.#mixers.get(command.mixerId);
    if (!made) {
      made = this.#media.request({
        type: 'mixer.create',
        mixerId: command.mixerId,
        callId: leg.callId,
      });
      this.#mixers.set(command.mixerId, made);
    }
    await made;
    await this.#media.request({
      type: 'mixer.join',
      mixerId: command.mixerId,
      endpointId: command.legId,
      mode: command.mode,
      ...(command.whisperTo ? { whisperTo: command.whisperTo } : {}),
    });
  }

  async close(command: Extract<TelephonyCommand, { type: 'mixer.close' }>): Promise<void> {
    const made = this.#mixers.get(command.mixerId);
    if (!made) return;
    this.#mixers.delete(command.mixerId);
    await made;
    await this.#media.request({ type: 'mixer.destroy', mixerId: command.mixerId });
  }
}
