// Sorts a failed save's complaints onto the form's fields: the server names the field of each
// (`body.serviceLevel.percent`, `params.name`, or a service's bare `username`), and a form shows
// each message beside the input it is about; whatever names no field of the form stays general.
import { ApiError } from '../../api/client.ts';

export interface FormErrors {
  /** Messages by the form's field path (`serviceLevel.percent`, `skills.0.skill`). */
  fields: Map<string, string>;
  /** Messages no field of the form can show, or the failure itself when it names no field. */
  general: string[];
}

export const noErrors: FormErrors = { fields: new Map(), general: [] };

/** `body.labels.zh` → `labels.zh`; `params.name` → `name`: the form does not care which part. */
export function fieldPath(serverField: string): string {
  return serverField.replace(/^(body|params|querystring)(\.|$)/, '');
}

/**
 * Places each complaint of `error` on the longest of `known` that is its field or contains it
 * (`skills.0` takes `skills.0.minLevel` when there is no input for the level alone).
 * `describe` turns a failure that names no field into the text to show.
 */
export function formErrors(
  error: unknown,
  known: readonly string[],
  describe: (error: unknown) => string,
): FormErrors {
  if (!(error instanceof ApiError)) return { fields: new Map(), general: [describe(error)] };
  const complaints =
    error.problems.length > 0
      ? error.problems.map((p) => ({
          field: p.field,
          message: p.message,
          alone: `${p.field}: ${p.message}`,
        }))
      : error.field !== undefined
        ? [{ field: error.field, message: error.message, alone: error.message }]
        : [];
  if (complaints.length === 0) return { fields: new Map(), general: [describe(error)] };
  const fields = new Map<string, string>();
  const general: string[] = [];
  for (const complaint of complaints) {
    const path = fieldPath(complaint.field);
    const owner = known
      .filter((k) => path === k || path.startsWith(`${k}.`))
      .sort((a, b) => b.length - a.length)[0];
    // Away from its field, a problem's message needs the field's name to make sense.
    if (owner === undefined) general.push(complaint.alone);
    else fields.set(owner, [fields.get(owner), complaint.message].filter(Boolean).join(' · '));
  }
  return { fields, general };
}

/** One complaint on one field, as a form's own check before sending finds it. */
export function fieldError(field: string, message: string): FormErrors {
  return { fields: new Map([[field, message]]), general: [] };
}
