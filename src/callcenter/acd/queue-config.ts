// A queue's configuration as validated data: the input document (TypeBox, every field but the
// name optional), the normalized QueueConfig the ACD runs on, and the checks that span fields.
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { HotlineError, type InputProblem } from '../../platform/index.ts';
import type { SkillRequirement } from '../agents/index.ts';
import { schemaProblems } from '../schema-problems.ts';

/**
 * The service-level formulas of METRICS.md (T = `seconds`, T_short = `shortAbandonSeconds`).
 * The number is always shown with the variant's name beside it.
 */
export const serviceLevelVariants = [
  /** answered within T / (answered + abandoned − abandoned within T_short). The default. */
  'answered-over-offered-minus-short-abandons',
  /** answered within T / answered */
  'answered-over-answered',
  /** answered within T / (answered + abandoned) */
  'answered-over-offered',
  /** (answered + abandoned within T) / (answered + abandoned) */
  'answered-or-abandoned-within-over-offered',
  /** answered within T / (answered + abandoned − abandoned within T) */
  'answered-over-offered-minus-abandoned-within',
] as const;
export type ServiceLevelVariant = (typeof serviceLevelVariants)[number];

const QueueName = Type.String({ minLength: 1, maxLength: 128 });
const Seconds = (min: number, max: number) => Type.Integer({ minimum: min, maximum: max });

const Target = Type.Object(
  {
    kind: Type.Enum(['voicemail', 'callback', 'flow']),
    /** The flow to continue in, for kind `flow`. */
    flow: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  },
  { additionalProperties: false },
);

/** One step: after `afterSeconds` of wait, exactly one action. */
const EscalationStepInput = Type.Object(
  {
    afterSeconds: Seconds(1, 86_400),
    /** Lower every required skill level by this much (never below 1). */
    relaxSkillsBy: Type.Optional(Type.Integer({ minimum: 1, maximum: 4 })),
    /** Let this other queue's agents (those meeting its skills) take the call too. */
    addQueue: Type.Optional(QueueName),
    /** Leave the queue for voicemail, a callback or another flow. */
    leaveTo: Type.Optional(Target),
  },
  { additionalProperties: false },
);

export const QueueConfigInput = Type.Object(
  {
    name: QueueName,
    serviceLevel: Type.Optional(
      Type.Object(
        {
          percent: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
          seconds: Type.Optional(Seconds(1, 3600)),
          variant: Type.Optional(Type.Enum([...serviceLevelVariants])),
          shortAbandonSeconds: Type.Optional(Seconds(0, 600)),
        },
        { additionalProperties: false },
      ),
    ),
    ringTimeoutSeconds: Type.Optional(Seconds(5, 300)),
    /** After-call work per call; 0 = none. */
    wrapUpSeconds: Type.Optional(Seconds(0, 3600)),
    /** After-call work lasts until the agent ends it (wrapUpSeconds is then ignored). */
    wrapUpUntilAgentEnds: Type.Optional(Type.Boolean()),
    /** Live calls waiting (ringing ones included); over it the enqueue is refused. */
    maxWaiting: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    maxWaitSeconds: Type.Optional(Seconds(1, 86_400)),
    /** Where refused calls (full queue) and calls over maxWaitSeconds go. */
    overflow: Type.Optional(Target),
    /** 1–10: multiplies waits when an agent in several queues takes the next call. */
    priority: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
    skills: Type.Optional(
      Type.Array(
        Type.Object(
          {
            skill: Type.String({ minLength: 1, maxLength: 64 }),
            minLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 5 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: 20 },
      ),
    ),
    strategy: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    announcements: Type.Optional(
      Type.Object(
        {
          atJoin: Type.Optional(Type.Boolean()),
          /** Repeat every N seconds while waiting; 0 = never. */
          everySeconds: Type.Optional(Seconds(0, 3600)),
          position: Type.Optional(Type.Boolean()),
          ewt: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false },
      ),
    ),
    musicOnHold: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    escalation: Type.Optional(Type.Array(EscalationStepInput, { maxItems: 10 })),
    /** Wait up to this long for the customer's last agent; 0 = no sticky routing. */
    stickyWaitSeconds: Type.Optional(Seconds(0, 600)),
    callback: Type.Optional(
      Type.Object(
        {
          maxAttempts: Type.Optional(Type.Integer({ minimum: 1, maximum: 10 })),
          retryIntervalSeconds: Type.Optional(Seconds(10, 86_400)),
          customerRingSeconds: Type.Optional(Seconds(5, 120)),
          /**
           * How long a callback keeps its place, from the caller's request: past it, a callback
           * not yet connected is given up (outcome `expired`).
           */
          expirySeconds: Type.Optional(Seconds(60, 604_800)),
        },
        { additionalProperties: false },
      ),
    ),
    /** The handle time EWT assumes until the queue has measured its own. */
    expectedHandleSeconds: Type.Optional(Seconds(1, 36_000)),
    /** Strategy ring-all: what a ring-out with nobody answering does to the agents rung. */
    ringAll: Type.Optional(
      Type.Object(
        {
          /**
           * release (default): they go back to ready and the call rings them again, nobody is
           * counted; park: each counts one ring-no-answer and goes not-ready, as a single offer.
           */
          noAnswer: Type.Optional(Type.Enum(['release', 'park'])),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type QueueConfigInput = Static<typeof QueueConfigInput>;

export type QueueTarget =
  { kind: 'voicemail' } | { kind: 'callback' } | { kind: 'flow'; flow: string };

export type EscalationAction =
  | { action: 'relax-skills'; by: number }
  | { action: 'add-queue'; queue: string }
  | { action: 'leave'; to: QueueTarget };
export type EscalationStep = { afterSeconds: number } & EscalationAction;

export interface QueueConfig {
  name: string;
  serviceLevel: {
    percent: number;
    seconds: number;
    variant: ServiceLevelVariant;
    shortAbandonSeconds: number;
  };
  ringTimeoutSeconds: number;
  wrapUpSeconds: number;
  wrapUpUntilAgentEnds: boolean;
  maxWaiting: number | null;
  maxWaitSeconds: number | null;
  overflow: QueueTarget;
  priority: number;
  skills: SkillRequirement[];
  strategy: string;
  announcements: { atJoin: boolean; everySeconds: number; position: boolean; ewt: boolean };
  musicOnHold: string | null;
  escalation: EscalationStep[];
  stickyWaitSeconds: number;
  callback: {
    maxAttempts: number;
    retryIntervalSeconds: number;
    customerRingSeconds: number;
    expirySeconds: number;
  };
  expectedHandleSeconds: number;
  ringAll: { noAnswer: 'release' | 'park' };
}

const check = Compile(QueueConfigInput);

/**
 * Validates one queue document and fills the defaults. Errors are `invalid-input` with every
 * problem listed and the first one's field named (`escalation.1.afterSeconds: …`).
 */
export function parseQueueConfig(doc: unknown, prefix = ''): QueueConfig {
  if (!check.Check(doc))
    throw problemsError(schemaProblems(QueueConfigInput, check.Errors(doc), prefix));
  const problems: InputProblem[] = [];
  const at = (field: string) => [prefix, field].filter((p) => p !== '').join('.');
  const target = (t: Static<typeof Target> | undefined, field: string): QueueTarget | undefined => {
    if (!t) return undefined;
    if (t.kind === 'flow') {
      if (!t.flow)
        problems.push({ field: at(`${field}.flow`), message: 'is required for kind "flow"' });
      return { kind: 'flow', flow: t.flow ?? '' };
    }
    if (t.flow !== undefined)
      problems.push({ field: at(`${field}.flow`), message: `is only for kind "flow"` });
    return { kind: t.kind };
  };
  const escalation: EscalationStep[] = [];
  (doc.escalation ?? []).forEach((step, i) => {
    const actions = [step.relaxSkillsBy, step.addQueue, step.leaveTo].filter(
      (a) => a !== undefined,
    );
    if (actions.length !== 1) {
      problems.push({
        field: at(`escalation.${i}`),
        message: 'needs exactly one of relaxSkillsBy, addQueue, leaveTo',
      });
      return;
    }
    const previous = escalation.at(-1);
    if (previous && step.afterSeconds <= previous.afterSeconds)
      problems.push({
        field: at(`escalation.${i}.afterSeconds`),
        message: `must be later than the step before (${previous.afterSeconds} s)`,
      });
    if (step.addQueue === doc.name)
      problems.push({
        field: at(`escalation.${i}.addQueue`),
        message: 'cannot add the queue itself',
      });
    if (step.relaxSkillsBy !== undefined)
      escalation.push({
        afterSeconds: step.afterSeconds,
        action: 'relax-skills',
        by: step.relaxSkillsBy,
      });
    else if (step.addQueue !== undefined)
      escalation.push({
        afterSeconds: step.afterSeconds,
        action: 'add-queue',
        queue: step.addQueue,
      });
    else
      escalation.push({
        afterSeconds: step.afterSeconds,
        action: 'leave',
        to: target(step.leaveTo, `escalation.${i}.leaveTo`)!,
      });
  });
  const seenSkills = new Set<string>();
  (doc.skills ?? []).forEach((s, i) => {
    if (seenSkills.has(s.skill))
      problems.push({ field: at(`skills.${i}.skill`), message: `"${s.skill}" is listed twice` });
    seenSkills.add(s.skill);
  });
  const overflow = target(doc.overflow, 'overflow') ?? { kind: 'voicemail' };
  if (problems.length > 0) throw problemsError(problems);
  const sl = doc.serviceLevel ?? {};
  const ann = doc.announcements ?? {};
  const cb = doc.callback ?? {};
  return {
    name: doc.name,
    serviceLevel: {
      percent: sl.percent ?? 80,
      seconds: sl.seconds ?? 20,
      variant: sl.variant ?? 'answered-over-offered-minus-short-abandons',
      shortAbandonSeconds: sl.shortAbandonSeconds ?? 5,
    },
    ringTimeoutSeconds: doc.ringTimeoutSeconds ?? 20,
    wrapUpSeconds: doc.wrapUpSeconds ?? 0,
    wrapUpUntilAgentEnds: doc.wrapUpUntilAgentEnds ?? false,
    maxWaiting: doc.maxWaiting ?? null,
    maxWaitSeconds: doc.maxWaitSeconds ?? null,
    overflow,
    priority: doc.priority ?? 1,
    skills: (doc.skills ?? []).map((s) => ({ skill: s.skill, minLevel: s.minLevel ?? 1 })),
    strategy: doc.strategy ?? 'longest-idle',
    announcements: {
      atJoin: ann.atJoin ?? true,
      everySeconds: ann.everySeconds ?? 60,
      position: ann.position ?? true,
      ewt: ann.ewt ?? true,
    },
    musicOnHold: doc.musicOnHold ?? null,
    escalation,
    stickyWaitSeconds: doc.stickyWaitSeconds ?? 0,
    callback: {
      maxAttempts: cb.maxAttempts ?? 3,
      retryIntervalSeconds: cb.retryIntervalSeconds ?? 300,
      customerRingSeconds: cb.customerRingSeconds ?? 30,
      expirySeconds: cb.expirySeconds ?? 14_400,
    },
    expectedHandleSeconds: doc.expectedHandleSeconds ?? 180,
    ringAll: { noAnswer: doc.ringAll?.noAnswer ?? 'release' },
  };
}

/**
 * Validates a set of queues together: each one, unique names, and that escalation steps name
 * queues of the set. `known` adds names already defined elsewhere.
 */
export function parseQueueConfigs(docs: unknown, known: readonly string[] = []): QueueConfig[] {
  if (!Array.isArray(docs))
    throw problemsError([{ field: 'queues', message: 'expected an array' }]);
  const problems: InputProblem[] = [];
  const queues: QueueConfig[] = [];
  docs.forEach((doc, i) => {
    try {
      queues.push(parseQueueConfig(doc, `queues.${i}`));
    } catch (error) {
      if (!(error instanceof HotlineError) || !error.problems) throw error;
      problems.push(...error.problems);
    }
  });
  const names = new Set(known);
  queues.forEach((q, i) => {
    if (names.has(q.name))
      problems.push({ field: `queues.${i}.name`, message: `"${q.name}" is defined twice` });
    names.add(q.name);
  });
  queues.forEach((q, i) =>
    q.escalation.forEach((step, s) => {
      if (step.action === 'add-queue' && !names.has(step.queue))
        problems.push({
          field: `queues.${i}.escalation.${s}.addQueue`,
          message: `no queue is named "${step.queue}"`,
        });
    }),
  );
  if (problems.length > 0) throw problemsError(problems);
  return queues;
}

function problemsError(problems: InputProblem[]): HotlineError {
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new HotlineError('invalid-input', `${first.field}: ${first.message}${more}`, {
    field: first.field,
    problems,
  });
}
