// Flow validation on save: the envelope and each node against its type's schema (errors name
// node and field), the semantic checks of each type, templates, then the graph checks.
import { Compile, type Validator } from 'typebox/compile';
import type { TSchema } from 'typebox';
import { HotlineError } from '../../platform/index.ts';
import { graphErrors, type FlowError, type KnownNames } from './flow-graph.ts';
import { FlowEnvelope, type Flow } from './flow-schema.ts';
import { findNodeType, NODE_TYPES } from './node-types.ts';
import { schemaProblems } from '../schema-problems.ts';
import { templateProblems } from './templates.ts';

export type FlowValidation = { ok: true; flow: Flow } | { ok: false; errors: FlowError[] };

const validators = new Map<TSchema, Validator>();

function validator(schema: TSchema): Validator {
  let v = validators.get(schema);
  if (!v) validators.set(schema, (v = Compile(schema)));
  return v;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Template problems in every string of a node, wherever it sits. */
function nodeTemplateErrors(value: unknown, field: string, node: string): FlowError[] {
  if (typeof value === 'string') return templateProblems(value, field).map((p) => ({ node, ...p }));
  if (Array.isArray(value))
    return value.flatMap((v, i) => nodeTemplateErrors(v, `${field}.${i}`, node));
  if (isObject(value))
    return Object.entries(value).flatMap(([k, v]) => nodeTemplateErrors(v, `${field}.${k}`, node));
  return [];
}

export function validateFlow(doc: unknown, known: KnownNames): FlowValidation {
  if (!isObject(doc))
    return { ok: false, errors: [{ field: '', message: 'a flow must be a JSON object' }] };
  const envelope = validator(FlowEnvelope);
  const errors: FlowError[] = envelope.Check(doc)
    ? []
    : schemaProblems(FlowEnvelope, envelope.Errors(doc)).map((p) => withNode(p.field, p.message));
  // Without the right version nothing else can be trusted to mean what this code thinks.
  if (doc.schemaVersion !== 1) return { ok: false, errors };

  for (const [id, node] of Object.entries(isObject(doc.nodes) ? doc.nodes : {})) {
    if (!isObject(node) || typeof node.type !== 'string') continue; // reported by the envelope
    const prefix = `nodes.${id}`;
    const type = findNodeType(node.type);
    if (!type) {
      errors.push({
        node: id,
        field: `${prefix}.type`,
        message: `unknown node type "${node.type}"; expected one of ${NODE_TYPES.join(', ')}`,
      });
      continue;
    }
    const check = validator(type.schema);
    if (!check.Check(node)) {
      for (const p of schemaProblems(type.schema, check.Errors(node), prefix))
        errors.push({ node: id, ...p });
      continue;
    }
    for (const p of type.check(node as { type: string }))
      errors.push({ node: id, field: `${prefix}.${p.field}`, message: p.message });
    errors.push(...nodeTemplateErrors(node, prefix, id));
  }
  if (errors.length > 0) return { ok: false, errors };

  const flow = doc as unknown as Flow;
  const graph = graphErrors(flow, known);
  return graph.length > 0 ? { ok: false, errors: graph } : { ok: true, flow };
}

function withNode(field: string, message: string): FlowError {
  const match = /^nodes\.([^.]+)/.exec(field);
  return match ? { node: match[1], field, message } : { field, message };
}

/** One line per error: `nodes.menu1.timeoutMs: expected an integer`. */
export function formatFlowErrors(errors: readonly FlowError[]): string {
  return errors.map((e) => `${e.field || '(flow)'}: ${e.message}`).join('\n');
}

/** validateFlow for callers that want the flow or a HotlineError('invalid-input') naming the first field. */
export function parseFlow(doc: unknown, known: KnownNames): Flow {
  const result = validateFlow(doc, known);
  if (result.ok) return result.flow;
  throw new HotlineError(
    'invalid-input',
    `the flow is not valid:\n${formatFlowErrors(result.errors)}`,
    {
      field: result.errors[0]?.field,
    },
  );
}
