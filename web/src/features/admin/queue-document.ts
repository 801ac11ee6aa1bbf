// Between a queue document and the queue form: the form edits the settings an administrator
// changes day to day, as text; saving writes them back over the stored document, so the
// settings the form does not show (escalation, callbacks, music on hold, …) are kept as they were.
import type {
  QueueDocument,
  QueueSettings,
  QueueTargetInput,
  ServiceLevelVariant,
} from '../../api/types.ts';

/** The form's values: numbers as typed (empty = the default), yes/no/default as text. */
export interface QueueFormValues {
  name: string;
  skills: { skill: string; minLevel: string }[];
  strategy: string;
  slPercent: string;
  slSeconds: string;
  slVariant: '' | ServiceLevelVariant;
  ringTimeoutSeconds: string;
  wrapUpSeconds: string;
  wrapUpUntilAgentEnds: Choice;
  maxWaiting: string;
  maxWaitSeconds: string;
  overflowKind: '' | QueueTargetInput['kind'];
  overflowFlow: string;
  priority: string;
  announceAtJoin: Choice;
  announceEverySeconds: string;
}

/** A yes/no setting that can also be left to the default. */
export type Choice = '' | 'yes' | 'no';

/** The routing strategies Hotline ships (src/callcenter/acd/strategies); the server has the say. */
export const knownStrategies = [
  'longest-idle',
  'round-robin',
  'fewest-calls',
  'least-talk-time',
  'ring-all',
  'random',
  'best-match',
] as const;

export const serviceLevelVariants: readonly ServiceLevelVariant[] = [
  'answered-over-offered-minus-short-abandons',
  'answered-over-answered',
  'answered-over-offered',
  'answered-or-abandoned-within-over-offered',
  'answered-over-offered-minus-abandoned-within',
];

/**
 * The document path each form value is saved under: the server names these paths in its
 * complaints, and the form shows each complaint beside the input for its path.
 */
export const queueFieldPaths = {
  name: 'name',
  strategy: 'strategy',
  slPercent: 'serviceLevel.percent',
  slSeconds: 'serviceLevel.seconds',
  slVariant: 'serviceLevel.variant',
  ringTimeoutSeconds: 'ringTimeoutSeconds',
  wrapUpSeconds: 'wrapUpSeconds',
  wrapUpUntilAgentEnds: 'wrapUpUntilAgentEnds',
  maxWaiting: 'maxWaiting',
  maxWaitSeconds: 'maxWaitSeconds',
  overflowKind: 'overflow',
  overflowFlow: 'overflow.flow',
  priority: 'priority',
  announceAtJoin: 'announcements.atJoin',
  announceEverySeconds: 'announcements.everySeconds',
} as const satisfies Partial<Record<keyof QueueFormValues, string>>;

/** Every path the form can show a complaint on, skill rows included. */
export function queueFormPaths(values: QueueFormValues): string[] {
  return [
    ...Object.values(queueFieldPaths),
    'skills',
    ...values.skills.flatMap((_, i) => [
      `skills.${i}`,
      `skills.${i}.skill`,
      `skills.${i}.minLevel`,
    ]),
  ];
}

const text = (value: number | undefined): string => (value === undefined ? '' : String(value));
const choice = (value: boolean | undefined): Choice =>
  value === undefined ? '' : value ? 'yes' : 'no';

/** The form's values for a stored document (a new queue when there is none). */
export function queueFormValues(document?: QueueDocument): QueueFormValues {
  const d: Partial<QueueDocument> = document ?? {};
  return {
    name: d.name ?? '',
    skills: (d.skills ?? []).map((s) => ({ skill: s.skill, minLevel: text(s.minLevel) })),
    strategy: d.strategy ?? '',
    slPercent: text(d.serviceLevel?.percent),
    slSeconds: text(d.serviceLevel?.seconds),
    slVariant: d.serviceLevel?.variant ?? '',
    ringTimeoutSeconds: text(d.ringTimeoutSeconds),
    wrapUpSeconds: text(d.wrapUpSeconds),
    wrapUpUntilAgentEnds: choice(d.wrapUpUntilAgentEnds),
    maxWaiting: text(d.maxWaiting),
    maxWaitSeconds: text(d.maxWaitSeconds),
    overflowKind: d.overflow?.kind ?? '',
    overflowFlow: d.overflow?.flow ?? '',
    priority: text(d.priority),
    announceAtJoin: choice(d.announcements?.atJoin),
    announceEverySeconds: text(d.announcements?.everySeconds),
  };
}

/** A typed number, or nothing for an empty input (the server's default applies). */
function number(value: string): number | undefined {
  return value.trim() === '' ? undefined : Number(value);
}

function bool(value: Choice): boolean | undefined {
  return value === '' ? undefined : value === 'yes';
}

/** Drops the keys whose value is undefined; undefined when nothing is left. */
function compact<T extends object>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

/**
 * The document to save: `base` (the stored one) with the form's settings written over it.
 * Empty inputs leave a setting out, so the queue follows the server's default for it.
 */
export function queueDocumentFrom(values: QueueFormValues, base?: QueueDocument): QueueDocument {
  const skills = values.skills
    .filter((s) => s.skill.trim() !== '')
    .map((s) => compact({ skill: s.skill.trim(), minLevel: number(s.minLevel) })!);
  const overflow: QueueTargetInput | undefined =
    values.overflowKind === ''
      ? undefined
      : values.overflowKind === 'flow'
        ? { kind: 'flow', flow: values.overflowFlow.trim() }
        : { kind: values.overflowKind };
  const document: QueueDocument = {
    ...base,
    name: values.name.trim(),
    skills: skills.length > 0 ? skills : undefined,
    strategy: values.strategy || undefined,
    serviceLevel: compact({
      ...base?.serviceLevel,
      percent: number(values.slPercent),
      seconds: number(values.slSeconds),
      variant: values.slVariant || undefined,
    }),
    ringTimeoutSeconds: number(values.ringTimeoutSeconds),
    wrapUpSeconds: number(values.wrapUpSeconds),
    wrapUpUntilAgentEnds: bool(values.wrapUpUntilAgentEnds),
    maxWaiting: number(values.maxWaiting),
    maxWaitSeconds: number(values.maxWaitSeconds),
    overflow,
    priority: number(values.priority),
    announcements: compact({
      ...base?.announcements,
      atJoin: bool(values.announceAtJoin),
      everySeconds: number(values.announceEverySeconds),
    }),
  };
  return compact(document)!;
}

/** The effective value of a setting the document leaves out, to show as the input's placeholder. */
export function effectiveValue(
  settings: QueueSettings,
  key: keyof typeof queueFieldPaths,
): string | number | boolean | null {
  switch (key) {
    case 'name':
      return settings.name;
    case 'strategy':
      return settings.strategy;
    case 'slPercent':
      return settings.serviceLevel.percent;
    case 'slSeconds':
      return settings.serviceLevel.seconds;
    case 'slVariant':
      return settings.serviceLevel.variant;
    case 'ringTimeoutSeconds':
    case 'wrapUpSeconds':
    case 'wrapUpUntilAgentEnds':
    case 'maxWaiting':
    case 'maxWaitSeconds':
    case 'priority':
      return settings[key];
    case 'overflowKind':
      return settings.overflow.kind;
    case 'overflowFlow':
      return settings.overflow.kind === 'flow' ? settings.overflow.flow : null;
    case 'announceAtJoin':
      return settings.announcements.atJoin;
    case 'announceEverySeconds':
      return settings.announcements.everySeconds;
  }
}
