// The ACD's queues: defined at start or replaced live (updateQueues), which agents serve which
// (membership by skills, kept through logins and skill changes), and how many agents staff each
// (EWT's N: a serving state on a registered device).
//
// A live update applies a whole validated set at once, or nothing:
// - a queue in the set that exists takes its new config; its waiting calls keep their place
//   (their key is priority and entry time, which do not change), their requirements follow the
//   new skills, their timers the new escalation, announcements and max wait (steps already
//   applied stay applied); a new strategy starts with no memory;
// - a new queue is defined;
// - a queue missing from the set closes: it takes no new calls and, by default, drains (its
//   calls stay in line and its agents serve them), then it is removed. With `moveRemovedTo`
//   its waiting calls and callbacks move to the named queue at once, keeping their original
//   entry time, so each takes the place its wait gives it there (a call that is ringing an
//   agent stays with that offer, and moves if the ring fails).
import { HotlineError } from '../../platform/index.ts';
import { servingStates, type Agent } from '../agents/index.ts';
import type { Acd } from './acd.ts';
import { isParsed } from './acd-helpers.ts';
import { HandleTimeAverage } from './ewt.ts';
import { parseQueueConfig, parseQueueConfigs, type QueueConfig } from './queue-config.ts';
import { entryProfiles, QueueRuntime, type QueueEntry } from './queue-runtime.ts';
import { moveEntry } from './queue-moves.ts';
import type { StrategyFactory } from './strategies/index.ts';

export interface QueueUpdateOptions {
  /** Removed queue → the queue its calls move to (default: the removed queue drains). */
  moveRemovedTo?: Readonly<Record<string, string>>;
}

export interface QueueUpdateResult {
  added: string[];
  changed: string[];
  /** Closed and still serving the calls they had. */
  draining: string[];
  /** Closed and gone (they were empty, or their calls moved). */
  removed: string[];
}

export class QueueDirectory {
  readonly #acd: Acd;
  readonly #strategies: Record<string, StrategyFactory>;
  readonly #random: () => number;
  readonly #queues = new Map<string, QueueRuntime>();
  /** Removed queues, still named by calls in after-call work (their handled calls count there). */
  readonly #retired = new Map<string, QueueRuntime>();
  /** Queues by their first required skill (an agent must have it to serve them). */
  readonly #byKeySkill = new Map<string, QueueRuntime[]>();
  readonly #withoutSkills: QueueRuntime[] = [];
  readonly memberOf: Map<Agent, QueueRuntime[]>;
  readonly #memberSets = new Map<Agent, Set<QueueRuntime>>();
  /** What each agent is counted as in the queues they serve: STAFFING and/or ROUTABLE bits. */
  readonly #counted = new Map<Agent, number>();
  /** The queues with lists of their own (several skills) each agent serves. */
  readonly #listed = new Map<Agent, QueueRuntime[]>();

  constructor(
    acd: Acd,
    memberOf: Map<Agent, QueueRuntime[]>,
    strategies: Record<string, StrategyFactory>,
    random: () => number,
  ) {
    this.#acd = acd;
    this.memberOf = memberOf;
    this.#strategies = strategies;
    this.#random = random;
  }

  get(name: string): QueueRuntime | undefined {
    return this.#queues.get(name);
  }

  /** The queue, or the removed one of that name (for counting calls it still had). */
  known(name: string): QueueRuntime | undefined {
    return this.#queues.get(name) ?? this.#retired.get(name);
  }

  all(): IterableIterator<QueueRuntime> {
    return this.#queues.values();
  }

  members(agent: Agent): ReadonlySet<QueueRuntime> | undefined {
    return this.#memberSets.get(agent);
  }

  define(input: unknown): QueueRuntime {
    const config = isParsed(input) ? input : parseQueueConfig(input);
    if (this.#queues.has(config.name))
      throw new HotlineError('conflict', `name: queue "${config.name}" already exists`, {
        field: 'name',
      });
    const queue = new QueueRuntime(config, this.#strategy(config, 'strategy'));
    this.#retired.delete(config.name);
    this.#queues.set(config.name, queue);
    this.#indexQueue(queue);
    for (const agent of this.#acd.registry.all())
      if (agent.state !== 'logged-out' && agent.meets(config.skills)) this.#join(agent, queue);
    this.#acd.event('queue.configured', queue, { queue: queue.name, change: 'added', waiting: 0 });
    return queue;
  }

  /** Computes the queues an agent serves from their skills (login, skill change). */
  assign(agent: Agent): void {
    const bits = this.#counted.get(agent) ?? 0;
    for (const q of this.memberOf.get(agent) ?? []) {
      count(q, agent, bits, -1);
      q.lists?.members.remove(agent);
    }
    const queues = [...this.#withoutSkills];
    for (const skill of agent.skills.keys())
      for (const q of this.#byKeySkill.get(skill) ?? [])
        if (agent.meets(q.config.skills)) queues.push(q);
    this.memberOf.set(agent, queues);
    this.#memberSets.set(agent, new Set(queues));
    this.#listed.set(
      agent,
      queues.filter((q) => q.lists),
    );
    for (const q of queues) {
      count(q, agent, bits, +1);
      q.lists?.members.insert(agent);
    }
  }

  /**
   * Recounts the agent after any change: staffing in every queue they serve (it changes at
   * login, logout, not-ready and device changes, not within a call's cycle), routability in
   * the few queues with lists of their own.
   */
  refresh(agent: Agent): void {
    const bits =
      (servingStates.has(agent.state) && agent.registered ? STAFFING : 0) |
      (this.#acd.registry.isRoutable(agent) ? ROUTABLE : 0);
    const old = this.#counted.get(agent) ?? 0;
    if (bits === old) return;
    this.#counted.set(agent, bits);
    const gone = old & ~bits;
    const came = bits & ~old;
    const queues = (gone | came) & STAFFING ? this.memberOf.get(agent) : this.#listed.get(agent);
    for (const q of queues ?? []) {
      if (gone) count(q, agent, gone, -1);
      if (came) count(q, agent, came, +1);
    }
  }

  update(docs: unknown, options: QueueUpdateOptions = {}): QueueUpdateResult {
    const configs = parseQueueConfigs(docs);
    configs.forEach((c, i) => this.#strategy(c, `queues.${i}.strategy`));
    const next = new Set(configs.map((c) => c.name));
    const moves = new Map<QueueRuntime, string>();
    for (const [from, to] of Object.entries(options.moveRemovedTo ?? {})) {
      const field = `moveRemovedTo.${from}`;
      const queue = this.#queues.get(from);
      if (!queue || next.has(from))
        throw new HotlineError(
          'invalid-input',
          `${field}: "${from}" is not a queue being removed`,
          {
            field,
          },
        );
      if (!next.has(to))
        throw new HotlineError('invalid-input', `${field}: no queue is named "${to}" in the set`, {
          field,
        });
      moves.set(queue, to);
    }
    const result: QueueUpdateResult = { added: [], changed: [], draining: [], removed: [] };
    const touched: QueueRuntime[] = [];
    for (const config of configs) {
      const queue = this.#queues.get(config.name);
      if (!queue) {
        this.define(config);
        result.added.push(config.name);
      } else {
        this.#change(queue, config);
        touched.push(queue);
        result.changed.push(config.name);
      }
    }
    for (const queue of [...this.#queues.values()]) {
      if (next.has(queue.name)) continue;
      const to = moves.get(queue);
      this.#close(queue, to === undefined ? undefined : this.#queues.get(to));
      (this.#queues.has(queue.name) ? result.draining : result.removed).push(queue.name);
    }
    // Changed requirements may open waiting calls to agents who are free now: in line order.
    for (const queue of touched)
      for (const entry of [...queue.waiting]) {
        this.#acd.schedule(entry);
        this.#acd.route(entry, 'queue-updated');
      }
    return result;
  }

  /** Removes a closed queue once nothing of it is left (its last call ended or moved). */
  retireIfEmpty(queue: QueueRuntime): void {
    if (!queue.closed || this.#queues.get(queue.name) !== queue) return;
    for (const entry of this.#acd.entries.values()) if (entry.queue === queue) return;
    this.#queues.delete(queue.name);
    this.#retired.set(queue.name, queue);
    this.#unindexQueue(queue);
    for (const agent of this.#acd.registry.all()) this.#leave(agent, queue);
    // Calls whose escalation added this queue's agents lose that option.
    for (const entry of this.#acd.entries.values()) {
      const i = entry.extraQueues.indexOf(queue);
      if (i < 0) continue;
      entry.extraQueues.splice(i, 1);
      this.#reprofile(entry);
    }
    this.#acd.event('queue.configured', queue, {
      queue: queue.name,
      change: 'removed',
      waiting: 0,
    });
  }

  #change(queue: QueueRuntime, config: QueueConfig): void {
    const old = queue.config;
    queue.config = config;
    queue.closed = false;
    queue.movedTo = undefined;
    if (config.strategy !== old.strategy) queue.strategy = this.#strategy(config, 'strategy');
    if (queue.handleTime.samples === 0)
      queue.handleTime = new HandleTimeAverage(config.expectedHandleSeconds * 1000);
    if (JSON.stringify(config.skills) !== JSON.stringify(old.skills)) {
      this.#unindexQueue(queue);
      this.#indexQueue(queue);
      queue.lists = undefined;
      for (const agent of this.#acd.registry.all()) {
        if (agent.state === 'logged-out') continue;
        if (agent.meets(config.skills)) this.#join(agent, queue);
        else this.#leave(agent, queue);
      }
      const lists = QueueRuntime.listsFor(config);
      for (const [agent, listed] of this.#listed) {
        const at = listed.indexOf(queue);
        if (at >= 0) listed.splice(at, 1);
        if (!lists || !this.#memberSets.get(agent)?.has(queue)) continue;
        listed.push(queue);
        lists.members.insert(agent);
        if (this.#acd.registry.isRoutable(agent)) lists.ready.add(agent);
      }
      queue.lists = lists;
    }
    const now = this.#acd.clock.now();
    const every = config.announcements.everySeconds * 1000;
    for (const entry of this.#acd.entries.values()) {
      if (entry.queue !== queue && !entry.extraQueues.includes(queue)) continue;
      this.#reprofile(entry);
      if (entry.queue !== queue) continue;
      entry.nextStep = Math.min(entry.nextStep, config.escalation.length);
      // The next announcement on the new cadence, counted from the queue entry.
      entry.nextAnnounceAt =
        every > 0
          ? entry.enqueuedAt + (Math.floor((now - entry.enqueuedAt) / every) + 1) * every
          : Infinity;
    }
    this.#acd.event('queue.configured', queue, {
      queue: queue.name,
      change: 'changed',
      waiting: queue.waiting.size,
    });
  }

  #close(queue: QueueRuntime, target: QueueRuntime | undefined): void {
    queue.closed = true;
    queue.movedTo = target;
    this.#acd.event('queue.configured', queue, {
      queue: queue.name,
      change: 'closed',
      waiting: queue.waiting.size,
      ...(target ? { movedTo: target.name } : {}),
    });
    if (target)
      for (const entry of [...this.#acd.entries.values()])
        if (entry.queue === queue && entry.status !== 'offering')
          moveEntry(this.#acd, entry, target);
    this.retireIfEmpty(queue);
  }

  #reprofile(entry: QueueEntry): void {
    entry.profiles = entryProfiles(entry);
    if (entry.kind === 'call') this.#acd.escalated.add(entry);
  }

  #strategy(config: QueueConfig, field: string) {
    const factory = this.#strategies[config.strategy];
    if (!factory)
      throw new HotlineError(
        'invalid-input',
        `${field}: unknown strategy "${config.strategy}"; expected one of ${Object.keys(this.#strategies).join(', ')}`,
        { field },
      );
    return factory({ random: this.#random });
  }

  #indexQueue(queue: QueueRuntime): void {
    const key = queue.config.skills[0]?.skill;
    if (key === undefined) this.#withoutSkills.push(queue);
    else this.#byKeySkill.set(key, [...(this.#byKeySkill.get(key) ?? []), queue]);
  }

  #unindexQueue(queue: QueueRuntime): void {
    const drop = (list: QueueRuntime[]) => {
      const i = list.indexOf(queue);
      if (i >= 0) list.splice(i, 1);
    };
    drop(this.#withoutSkills);
    for (const list of this.#byKeySkill.values()) drop(list);
  }

  #join(agent: Agent, queue: QueueRuntime): void {
    const set = this.#memberSets.get(agent);
    if (!set || set.has(queue)) return;
    set.add(queue);
    this.memberOf.get(agent)?.push(queue);
    if (queue.lists) this.#listed.get(agent)?.push(queue);
    count(queue, agent, this.#counted.get(agent) ?? 0, +1);
    queue.lists?.members.insert(agent);
  }

  #leave(agent: Agent, queue: QueueRuntime): void {
    const set = this.#memberSets.get(agent);
    if (!set?.delete(queue)) return;
    const list = this.memberOf.get(agent)!;
    list.splice(list.indexOf(queue), 1);
    const listed = this.#listed.get(agent)!;
    if (listed.includes(queue)) listed.splice(listed.indexOf(queue), 1);
    count(queue, agent, this.#counted.get(agent) ?? 0, -1);
    queue.lists?.members.remove(agent);
  }
}

const STAFFING = 1;
const ROUTABLE = 2;

function count(queue: QueueRuntime, agent: Agent, bits: number, sign: 1 | -1): void {
  if (bits & STAFFING) queue.staffed += sign;
  if (bits & ROUTABLE && queue.lists) {
    if (sign > 0) queue.lists.ready.add(agent);
    else queue.lists.ready.delete(agent);
  }
}
