// Waiting calls whose escalation opened them to agents outside their queue (a relaxed level
// that lets more agents in, another queue's agents added), so an agent who becomes ready finds
// them too. Indexed by the first skill of each requirement set, and within it by queue in
// service order: an agent reads one line per queue, skips the queues they serve (those calls
// are in the queue's own line), and stops in each line at the first call they may take.
import type { Agent } from '../agents/index.ts';
import {
  mergeRequirements,
  sameRequirements,
  type QueueEntry,
  type QueueRuntime,
} from './queue-runtime.ts';
import { WaitingList } from './waiting-list.ts';

/** One skill's lines: parallel arrays, read by index (no iterator or entry allocations). */
interface Lines {
  queues: QueueRuntime[];
  lines: WaitingList<QueueEntry>[];
}

function lineOf(lines: Lines, queue: QueueRuntime): WaitingList<QueueEntry> {
  const i = lines.queues.indexOf(queue);
  if (i >= 0) return lines.lines[i]!;
  const line = new WaitingList<QueueEntry>();
  lines.queues.push(queue);
  lines.lines.push(line);
  return line;
}

export class EscalatedCalls {
  readonly #bySkill = new Map<string, Lines>();
  readonly #anyone: Lines = { queues: [], lines: [] };
  /** Where each entry is listed. */
  readonly #at = new Map<QueueEntry, WaitingList<QueueEntry>[]>();

  /** Lists the entry under its current requirement sets, or not at all when none is wider. */
  add(entry: QueueEntry): void {
    this.delete(entry);
    const base = mergeRequirements(entry.queue.config.skills, entry.skills);
    if (entry.profiles.length === 1 && sameRequirements(entry.profiles[0]!, base)) return;
    const lists: WaitingList<QueueEntry>[] = [];
    for (const profile of entry.profiles) {
      const key = profile[0]?.skill;
      let lines = this.#anyone;
      if (key !== undefined) {
        lines = this.#bySkill.get(key) ?? { queues: [], lines: [] };
        this.#bySkill.set(key, lines);
      }
      const line = lineOf(lines, entry.queue);
      line.insert(entry);
      lists.push(line);
    }
    this.#at.set(entry, lists);
  }

  delete(entry: QueueEntry): void {
    const lists = this.#at.get(entry);
    if (!lists) return;
    for (const line of lists) line.remove(entry);
    this.#at.delete(entry);
  }

  has(entry: QueueEntry): boolean {
    return this.#at.has(entry);
  }

  /** Calls `fn` with each queue's line of escalated calls keyed by one of the agent's skills. */
  linesFor(agent: Agent, fn: (queue: QueueRuntime, line: WaitingList<QueueEntry>) => void): void {
    visit(this.#anyone, fn);
    if (this.#bySkill.size === 0) return;
    for (const skill of agent.skills.keys()) {
      const lines = this.#bySkill.get(skill);
      if (lines) visit(lines, fn);
    }
  }
}

function visit(
  { queues, lines }: Lines,
  fn: (queue: QueueRuntime, line: WaitingList<QueueEntry>) => void,
): void {
  for (let i = 0; i < lines.length; i++) if (lines[i]!.size > 0) fn(queues[i]!, lines[i]!);
}
