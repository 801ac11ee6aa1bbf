// The registered node types: the validator and the interpreter find a node's unit here.
import type { NodeType } from './node-registry.ts';
import { branch } from './nodes/branch.ts';
import { callback } from './nodes/callback.ts';
import { collect } from './nodes/collect.ts';
import { hangup } from './nodes/hangup.ts';
import { language } from './nodes/language.ts';
import { lookup } from './nodes/lookup.ts';
import { menu } from './nodes/menu.ts';
import { play } from './nodes/play.ts';
import { queue } from './nodes/queue.ts';
import { say } from './nodes/say.ts';
import { schedule } from './nodes/schedule.ts';
import { set } from './nodes/set.ts';
import { survey } from './nodes/survey.ts';
import { transfer } from './nodes/transfer.ts';
import { voicemail } from './nodes/voicemail.ts';

const ALL = [
  play,
  menu,
  collect,
  say,
  branch,
  schedule,
  language,
  set,
  lookup,
  queue,
  transfer,
  voicemail,
  callback,
  survey,
  hangup,
] as readonly NodeType[];

/** Every node type a flow may use. */
export const NODE_TYPES: readonly string[] = ALL.map((t) => t.type);

const byType = new Map<string, NodeType>(ALL.map((t) => [t.type, t]));

export function findNodeType(type: string): NodeType | undefined {
  return byType.get(type);
}

/** The unit of a node type a validated flow uses; unknown types are a bug past validation. */
export function nodeType(type: string): NodeType {
  const found = byType.get(type);
  if (!found) throw new Error(`unknown IVR node type ${type}`);
  return found;
}
