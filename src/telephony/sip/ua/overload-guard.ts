// When the stack refuses new calls for overload (RFC 3261 §21.5.4: 503 with Retry-After), and the
// Retry-After it gives: randomized, so carriers that were refused together do not return together.

/** Why a request was refused: the stack's own limits, or the media's admission (set by the app). */
export const overloadReasons = ['transactions', 'pending-invites', 'media'] as const;
export type OverloadReason = (typeof overloadReasons)[number];

export interface OverloadGuardOptions {
  /**
   * INVITE server transactions without a final response allowed at once; a new INVITE beyond it
   * is refused before any work is done for it. Undefined or 0: no limit.
   */
  readonly maxPendingInvites?: number;
  /** Retry-After, whole seconds drawn evenly from this range. Default 5-15. */
  readonly retryAfterSeconds?: { readonly min: number; readonly max: number };
  /** In [0, 1); Math.random by default. */
  readonly random?: () => number;
}

export class OverloadGuard {
  readonly maxPendingInvites: number;
  readonly #retryAfter: { readonly min: number; readonly max: number };
  readonly #random: () => number;
  /** Whether the media would take a new call now; the app plugs in the media engine's check. */
  #admits: () => boolean = () => true;

  constructor(options: OverloadGuardOptions = {}) {
    const max = options.maxPendingInvites ?? 0;
    if (!Number.isInteger(max) || max < 0)
      throw new RangeError(`maxPendingInvites must be a whole number ≥ 0, got ${max}`);
    const range = options.retryAfterSeconds ?? { min: 5, max: 15 };
    if (!Number.isInteger(range.min) || !Number.isInteger(range.max) || range.min < 1)
      throw new RangeError(
        `retryAfterSeconds must be whole seconds ≥ 1, got ${range.min}-${range.max}`,
      );
    if (range.max < range.min)
      throw new RangeError(`retryAfterSeconds: ${range.max} is below ${range.min}`);
    this.maxPendingInvites = max;
    this.#retryAfter = range;
    this.#random = options.random ?? Math.random;
  }

  /** Plugs in the media's admission check (the embedded engine's ports and worker load). */
  setAdmission(admits: () => boolean): void {
    this.#admits = admits;
  }

  /**
   * Why a new INVITE (outside any dialog) must be refused now, or undefined to take it.
   * `pendingInvites` counts the INVITE server transactions without a final response, this one too.
   */
  inviteRefusal(pendingInvites: number): OverloadReason | undefined {
    if (this.maxPendingInvites > 0 && pendingInvites > this.maxPendingInvites)
      return 'pending-invites';
    return this.#admits() ? undefined : 'media';
  }

  /** Seconds for a Retry-After (RFC 3261 §20.33). */
  retryAfter(): number {
    const { min, max } = this.#retryAfter;
    return min + Math.min(max - min, Math.floor(this.#random() * (max - min + 1)));
  }
}
