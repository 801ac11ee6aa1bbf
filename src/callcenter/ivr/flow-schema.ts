// The flow document: a versioned JSON object of named nodes, each one of the registered types.
import { Type, type Static } from 'typebox';
import { NODE_ID_PATTERN } from './flow-fields.ts';
import type { BranchNode } from './nodes/branch.ts';
import type { CallbackNode } from './nodes/callback.ts';
import type { CollectNode } from './nodes/collect.ts';
import type { HangupNode } from './nodes/hangup.ts';
import type { LanguageNode } from './nodes/language.ts';
import type { LookupNode } from './nodes/lookup.ts';
import type { MenuNode } from './nodes/menu.ts';
import type { PlayNode } from './nodes/play.ts';
import type { QueueNode } from './nodes/queue.ts';
import type { SayNode } from './nodes/say.ts';
import type { ScheduleNode } from './nodes/schedule.ts';
import type { SetNode } from './nodes/set.ts';
import type { SurveyNode } from './nodes/survey.ts';
import type { TransferNode } from './nodes/transfer.ts';
import type { VoicemailNode } from './nodes/voicemail.ts';

/** The version this code reads; a document of another version is refused, never guessed at. */
export const FLOW_SCHEMA_VERSION = 1;

/** The envelope; each node is then checked against its own type's schema. */
export const FlowEnvelope = Type.Object(
  {
    schemaVersion: Type.Literal(FLOW_SCHEMA_VERSION),
    name: Type.String({ minLength: 1, maxLength: 128 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    start: Type.String({ pattern: NODE_ID_PATTERN }),
    nodes: Type.Record(
      Type.String({ pattern: NODE_ID_PATTERN }),
      Type.Object({ type: Type.String() }),
      {
        additionalProperties: false,
        minProperties: 1,
        maxProperties: 500,
      },
    ),
  },
  { additionalProperties: false },
);

export type FlowNode =
  | Static<typeof PlayNode>
  | Static<typeof MenuNode>
  | Static<typeof CollectNode>
  | Static<typeof SayNode>
  | Static<typeof BranchNode>
  | Static<typeof ScheduleNode>
  | Static<typeof LanguageNode>
  | Static<typeof SetNode>
  | Static<typeof LookupNode>
  | Static<typeof QueueNode>
  | Static<typeof TransferNode>
  | Static<typeof VoicemailNode>
  | Static<typeof CallbackNode>
  | Static<typeof SurveyNode>
  | Static<typeof HangupNode>;

export interface Flow {
  schemaVersion: typeof FLOW_SCHEMA_VERSION;
  name: string;
  description?: string;
  start: string;
  nodes: Record<string, FlowNode>;
}
