// TypeBox validation errors as field problems a person can act on: `timeoutMs: expected an
// integer`, `options.x: key must be one DTMF key`. Union internals are folded into one line.
// Shared by everything the core validates as data: IVR flows, queue configurations.
import type { TSchema } from 'typebox';
import type { TValidationError } from 'typebox/error';

/** A problem with one field, named relative to the document (`options.1`). */
export interface FieldProblem {
  field: string;
  message: string;
}

/** `/options/1` → `options.1` under `prefix`. */
function fieldOf(prefix: string, instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (extra !== undefined) parts.push(extra);
  return [prefix, ...parts].filter((p) => p !== '').join('.');
}

/** The sub-schema an error's schemaPath points at (`#/properties/options/patternProperties/^…$`). */
function schemaAt(root: TSchema, schemaPath: string): Record<string, unknown> | undefined {
  let node: unknown = root;
  for (const raw of schemaPath.split('/').slice(1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[raw.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function plural(n: number | bigint, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function schemaProblems(
  schema: TSchema,
  errors: Iterable<TValidationError>,
  prefix = '',
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  const add = (field: string, message: string) => {
    const key = `${field}\n${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ field, message });
  };
  for (const error of errors) {
    // Errors inside a union's branches say why each branch failed: noise; the anyOf line speaks.
    if (error.schemaPath.includes('/anyOf/')) continue;
    const field = fieldOf(prefix, error.instancePath);
    const custom = schemaAt(schema, error.schemaPath)?.errorMessage;
    if (typeof custom === 'string' && (error.keyword === 'pattern' || error.keyword === 'anyOf')) {
      add(field, custom);
      continue;
    }
    switch (error.keyword) {
      case 'required':
        for (const name of error.params.requiredProperties)
          add(fieldOf(prefix, error.instancePath, name), 'is required');
        break;
      case 'boolean': {
        // additionalProperties: false. In a map (patternProperties) the key is wrong; else the field is unknown.
        const parent = schemaAt(schema, error.schemaPath.replace(/\/additionalProperties$/, ''));
        const patterns = parent?.patternProperties;
        if (patterns && typeof patterns === 'object') {
          const pattern = Object.keys(patterns)[0] ?? '';
          add(
            field,
            pattern === '^[0-9*#A-D]$'
              ? 'is not a key: use one DTMF key (0-9, *, #, A-D)'
              : `is not an allowed key (${pattern})`,
          );
        } else add(field, 'is not a known field');
        break;
      }
      case 'additionalProperties':
        break;
      case 'type':
        add(field, `expected ${[error.params.type].flat().map(article).join(' or ')}`);
        break;
      case 'const':
        add(field, `must be ${JSON.stringify(error.params.allowedValue)}`);
        break;
      case 'enum':
        add(
          field,
          `expected one of ${error.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`,
        );
        break;
      case 'minimum':
        add(field, `must be at least ${error.params.limit}`);
        break;
      case 'maximum':
        add(field, `must be at most ${error.params.limit}`);
        break;
      case 'minLength':
        add(
          field,
          error.params.limit === 1
            ? 'must not be empty'
            : `must have at least ${plural(error.params.limit, 'character')}`,
        );
        break;
      case 'maxLength':
        add(field, `must have at most ${plural(error.params.limit, 'character')}`);
        break;
      case 'pattern':
        add(field, `does not match ${error.params.pattern}`);
        break;
      case 'minItems':
        add(field, `must have at least ${plural(error.params.limit, 'item')}`);
        break;
      case 'maxItems':
        add(field, `must have at most ${plural(error.params.limit, 'item')}`);
        break;
      case 'minProperties':
        add(
          field,
          `must have at least ${plural(error.params.limit, 'entry')}`.replace('entrys', 'entries'),
        );
        break;
      case 'maxProperties':
        add(
          field,
          `must have at most ${plural(error.params.limit, 'entry')}`.replace('entrys', 'entries'),
        );
        break;
      case 'anyOf':
        add(field, 'does not match any allowed form');
        break;
      default:
        add(field, (error as { message?: string }).message ?? `fails ${error.keyword}`);
    }
  }
  return problems;
}
