// TypeBox validation errors as `field: what is wrong` problems a person can act on.
import type { TValidationError } from 'typebox/error';
import type { InputProblem } from '../../platform/index.ts';

function fieldOf(instancePath: string, extra?: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.join('.');
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

export function configProblems(errors: Iterable<TValidationError>, prefix = ''): InputProblem[] {
  const problems: InputProblem[] = [];
  const seen = new Set<string>();
  const add = (field: string, message: string) => {
    const name = [prefix, field].filter((p) => p !== '').join('.');
    const key = `${name}\n${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ field: name, message });
  };
  for (const error of errors) {
    const field = fieldOf(error.instancePath);
    switch (error.keyword) {
      case 'required':
        for (const name of error.params.requiredProperties)
          add(fieldOf(error.instancePath, name), 'is required');
        break;
      case 'boolean':
        add(field, 'is not a known field');
        break;
      case 'additionalProperties':
        break;
      case 'type':
        add(field, `expected ${[error.params.type].flat().map(article).join(' or ')}`);
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
        add(field, 'must not be empty');
        break;
      case 'maxLength':
        add(field, `must have at most ${error.params.limit} characters`);
        break;
      case 'pattern':
        add(field, `does not match ${error.params.pattern}`);
        break;
      case 'maxItems':
        add(field, `must have at most ${error.params.limit} items`);
        break;
      default:
        add(field, (error as { message?: string }).message ?? `fails ${error.keyword}`);
    }
  }
  return problems;
}
