// Templates in flow text and values: `{{vars.flight}}`, `{{caller.number}}`, `{{call.dialed}}`.
import type { FieldProblem } from './flow-fields.ts';

export type VarValue = string | number | boolean;
export type Vars = Record<string, VarValue>;

/** What a template can read at run time. */
export interface TemplateScope {
  vars: Readonly<Vars>;
  caller: { number: string };
  call: { callId: string; dialed: string };
  language: string;
}

const TEMPLATE = /\{\{([^{}]*)\}\}/g;
const VAR_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const FIXED = new Set(['caller.number', 'call.dialed', 'call.callId', 'language']);

/** Whether a string is a variable name that `set`, `collect` and `lookup` may write. */
export function isVarName(name: string): boolean {
  return VAR_NAME.test(name);
}

/** Replaces each `{{name}}`; a variable never set renders as the empty string. */
export function renderTemplate(text: string, scope: TemplateScope): string {
  if (!text.includes('{{')) return text;
  return text.replace(TEMPLATE, (_all, raw: string) => {
    const name = raw.trim();
    if (name.startsWith('vars.')) {
      const value = scope.vars[name.slice(5)];
      return value === undefined ? '' : String(value);
    }
    switch (name) {
      case 'caller.number':
        return scope.caller.number;
      case 'call.dialed':
        return scope.call.dialed;
      case 'call.callId':
        return scope.call.callId;
      case 'language':
        return scope.language;
      default:
        return '';
    }
  });
}

/** Problems with the templates in one string: unbalanced braces, unknown names. */
export function templateProblems(text: string, field: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  for (const match of text.matchAll(TEMPLATE)) {
    const name = (match[1] ?? '').trim();
    if (FIXED.has(name)) continue;
    if (name.startsWith('vars.') && isVarName(name.slice(5))) continue;
    problems.push({
      field,
      message: `unknown template {{${name}}}: use {{vars.<name>}}, {{caller.number}}, {{call.dialed}}, {{call.callId}} or {{language}}`,
    });
  }
  const rest = text.replace(TEMPLATE, '');
  if (rest.includes('{{') || rest.includes('}}'))
    problems.push({ field, message: 'has an unclosed {{ or a stray }}' });
  return problems;
}
