// The configuration resources as the API shows and takes them (TypeBox: validation, OpenAPI and
// the web client's types): queues with their document and effective settings, reason codes.
import { Type, type Static } from 'typebox';
import { QueueConfigInput } from '../../callcenter/index.ts';

/** Queue names go into URLs and event streams: letters, digits and _ . - only. */
export const QueueName = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$',
  description: 'Letters, digits, _ . - (up to 64), e.g. flights',
});

export const QueueParams = Type.Object({ name: QueueName }, { additionalProperties: false });

/** A queue document: the ACD's own schema; the name comes from the URL (if given, it must match). */
export const QueueDocumentInput = Type.Object(
  { ...QueueConfigInput.properties, name: Type.Optional(QueueName) },
  {
    additionalProperties: false,
    description: 'The queue settings; every field but the name has a default.',
  },
);
export type QueueDocumentInput = Static<typeof QueueDocumentInput>;

export const QueueUpdateApplied = Type.Union(
  [
    Type.Object({
      added: Type.Array(Type.String()),
      changed: Type.Array(Type.String()),
      draining: Type.Array(Type.String()),
      removed: Type.Array(Type.String()),
    }),
    Type.Null(),
  ],
  { description: 'What the running ACD did with the new set; null when telephony is not running.' },
);
export type QueueUpdateApplied = Static<typeof QueueUpdateApplied>;

export const QueueView = Type.Object({
  name: Type.String(),
  document: Type.Unknown({ description: 'The document as saved.' }),
  config: Type.Unknown({ description: 'The effective settings, defaults filled in.' }),
  version: Type.Integer({ description: '1 at creation, +1 on every replace.' }),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  updatedBy: Type.String(),
  waiting: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Calls and callbacks waiting now; null when telephony is not running.',
  }),
});
export type QueueView = Static<typeof QueueView>;

/** Reason codes are kebab-case words, as in reports and events. */
export const CodeParams = Type.Object(
  {
    code: Type.String({
      pattern: '^[a-z0-9][a-z0-9-]{0,63}$',
      description: 'Lower-case letters, digits and - (up to 64), e.g. lunch',
    }),
  },
  { additionalProperties: false },
);

const Labels = Type.Object(
  {
    zh: Type.String({ minLength: 1, maxLength: 64 }),
    en: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false, description: 'What the desk shows, in Chinese and English.' },
);

export const ReasonCodeInput = Type.Object(
  {
    labels: Labels,
    /** An inactive code is kept (reports still name it) but not offered on the desk. */
    active: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);
export type ReasonCodeInput = Static<typeof ReasonCodeInput>;

export const ReasonCode = Type.Object({
  code: Type.String(),
  labels: Labels,
  active: Type.Boolean(),
  position: Type.Integer({ description: 'The order the desk lists the codes in.' }),
  createdAt: Type.Integer(),
  updatedAt: Type.Integer(),
  updatedBy: Type.String(),
});
export type ReasonCode = Static<typeof ReasonCode>;
