// Field schemas shared by the node types: node ids, prompt lists, digits, timeouts.
import { Type, type Static } from 'typebox';
import { LANGUAGES, SAY_KINDS } from '../prompts/index.ts';
import type { FieldProblem } from '../schema-problems.ts';

/** Node ids are short names a person types in the flow editor and reads in the IVR path. */
export const NODE_ID_PATTERN = '^[A-Za-z][A-Za-z0-9_-]{0,63}$';

export const NodeId = Type.String({
  pattern: NODE_ID_PATTERN,
  errorMessage: 'must be a node id: a letter, then up to 63 letters, digits, _ or -',
});

/** A name from another catalogue (prompt, queue, flow, lookup); known names are checked on save. */
export const CatalogueName = Type.String({ minLength: 1, maxLength: 128 });

/**
 * One item to speak. Exactly one of `prompt`, `tts`, `silenceMs` or `say` (with `value`); one
 * object with optional fields rather than a union, so a schema error names the field at fault.
 */
export const PromptSpec = Type.Object(
  {
    prompt: Type.Optional(CatalogueName),
    /** Text for the TTS; may hold templates (`{{vars.status}}`). */
    tts: Type.Optional(Type.String({ minLength: 1, maxLength: 2000 })),
    silenceMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 60_000 })),
    say: Type.Optional(Type.Enum([...SAY_KINDS])),
    /** The value `say` speaks; a template. */
    value: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type PromptSpec = Static<typeof PromptSpec>;

export const PromptList = Type.Array(PromptSpec, { minItems: 1, maxItems: 50 });

export const LanguageField = Type.Enum([...LANGUAGES]);

/** A DTMF key (RFC 4733 events 0-15: digits, star, pound, A-D). */
export const DTMF_PATTERN = '^[0-9*#A-D]$';
export const Digit = Type.String({ pattern: DTMF_PATTERN });

/** Options keyed by one DTMF key (`Type.Record(DigitKey, …, DIGIT_MAP)`): no other key passes. */
export const DigitKey = Type.String({ pattern: DTMF_PATTERN });
export const DIGIT_MAP = { additionalProperties: false, minProperties: 1 } as const;

export const TimeoutMs = Type.Integer({ minimum: 100, maximum: 600_000 });
export const Retries = Type.Integer({ minimum: 0, maximum: 10 });

/** Fields every node may carry. */
export const nodeBase = {
  /** Free text for the flow editor. */
  description: Type.Optional(Type.String({ maxLength: 500 })),
  /**
   * Reaching this node means the IVR served the caller itself (e.g. `flight-status`): a call
   * that then ends in the IVR, without a queue or an agent, counts as contained (METRICS.md).
   */
  selfService: Type.Optional(
    Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
      errorMessage: 'must be lower-case letters, digits and - (up to 64), e.g. flight-status',
    }),
  ),
};

/** Checks a PromptSpec beyond its schema: exactly one kind, `value` only with `say`. */
export function promptSpecProblems(spec: PromptSpec, field: string): FieldProblem[] {
  const kinds = (['prompt', 'tts', 'silenceMs', 'say'] as const).filter(
    (k) => spec[k] !== undefined,
  );
  if (kinds.length !== 1)
    return [
      {
        field,
        message:
          kinds.length === 0
            ? 'needs one of prompt, tts, silenceMs or say'
            : `has ${kinds.join(' and ')}; give only one of prompt, tts, silenceMs or say`,
      },
    ];
  if (spec.say !== undefined && spec.value === undefined)
    return [{ field: `${field}.value`, message: 'is required with say' }];
  if (spec.say === undefined && spec.value !== undefined)
    return [{ field: `${field}.value`, message: 'is only allowed with say' }];
  return [];
}

/** A problem with one field of a node, the field relative to the node (`options.1`). */
export type { FieldProblem };
