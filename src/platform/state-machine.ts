// A finite state machine as data (STYLE.md): a table of legal (state, event)
// moves, checked by one transition(). Transactions, dialogs, calls, agents
// and bookings all use it, so a test can walk every legal and illegal pair.

/**
 * The legal moves: for each state, the events it accepts and the state each one leads to.
 * An event missing from a state's row is refused in that state.
 */
export type TransitionTable<S extends string, E extends string> = {
  readonly [From in S]: { readonly [On in E]?: S };
};

/** Told after every accepted move, self-loops included. */
export type TransitionListener<S extends string, E extends string> = (
  from: S,
  event: E,
  to: S,
) => void;

export class StateMachine<S extends string, E extends string> {
  #state: S;
  #lastEvent: E | undefined;
  readonly #table: TransitionTable<S, E>;
  readonly #onTransition: TransitionListener<S, E> | undefined;

  constructor(table: TransitionTable<S, E>, initial: S, onTransition?: TransitionListener<S, E>) {
    this.#table = table;
    this.#state = initial;
    this.#onTransition = onTransition;
  }

  get state(): S {
    return this.#state;
  }

  /** The event of the last accepted move; undefined before the first. */
  get lastEvent(): E | undefined {
    return this.#lastEvent;
  }

  /** Whether the table allows `event` in the current state. */
  can(event: E): boolean {
    return this.#table[this.#state][event] !== undefined;
  }

  /** The state `event` would lead to from the current state, or undefined when the table refuses it. */
  next(event: E): S | undefined {
    return this.#table[this.#state][event];
  }

  /**
   * Moves on `event` when the table allows it and returns the new state; returns undefined and
   * changes nothing when it does not.
   */
  transition(event: E): S | undefined {
    const from = this.#state;
    const to = this.#table[from][event];
    if (to === undefined) return undefined;
    this.#state = to;
    this.#lastEvent = event;
    this.#onTransition?.(from, event, to);
    return to;
  }
}
