// The plumbing an administration list page shares: the list loaded, the notice of what the last
// action did, the complaints of the last one that failed, the row asking for a second click before
// a delete, and whether an action is under way. One behaviour on every page: an action clears the
// last complaints; success shows its notice; a failure clears the notice and shows the server's
// reason (on the form's fields when it names them); a lost session shows nothing (the shell takes
// the user back to sign in); the row's confirmation closes either way.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { api, ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorText } from '../../ui/states.tsx';
import { useResource, type Resource } from '../../ui/use-resource.ts';
import { focusFirstInvalid } from './field.tsx';
import { formErrors, noErrors, type FormErrors } from './form-errors.ts';

export interface AdminList<T, N> {
  resource: Resource<T>;
  /** What the last action did (a text, or a text with more to show once). */
  notice: N | undefined;
  /** The last failure's complaints, by the form's field and general. */
  errors: FormErrors;
  setErrors: (errors: FormErrors) => void;
  /** Forgets the notice and complaints, as when a row is opened for editing. */
  clear: () => void;
  /** The key of the row asking for a second click; `ask(undefined)` closes it. */
  confirming: string | undefined;
  ask: (key: string | undefined) => void;
  busy: boolean;
  /** RowConfirm's state for the row `key`. */
  confirmFor: (key: string) => { confirming: boolean; busy: boolean; onCancel: () => void };
  /**
   * Runs one action; what it resolves to is the notice. A failure's complaints go on the fields
   * named by `fields` (the form's paths); without them, all of it is general.
   */
  run: (action: () => Promise<N>, fields?: readonly string[]) => Promise<void>;
  /** DELETE `path`, then `after` (close the form on what is gone) and reload the list. */
  remove: (path: string, done: N, after?: () => void) => Promise<void>;
  /** The page's form: the first input a failure complains about takes the focus. */
  form: RefObject<HTMLFormElement | null>;
}

export function useAdminList<T, N = string>(
  load: () => Promise<T>,
  deps: readonly unknown[] = [],
): AdminList<T, N> {
  const { t } = useI18n();
  const resource = useResource(load, deps);
  const [notice, setNotice] = useState<N>();
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [confirming, setConfirming] = useState<string>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => focusFirstInvalid(form.current), [errors]);

  const run = async (action: () => Promise<N>, fields?: readonly string[]) => {
    setBusy(true);
    setErrors(noErrors);
    try {
      setNotice(await action());
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return;
      setNotice(undefined);
      setErrors(
        fields
          ? formErrors(failure, fields, (e) => errorText(t, e))
          : { fields: new Map(), general: [errorText(t, failure)] },
      );
    } finally {
      setConfirming(undefined);
      setBusy(false);
    }
  };

  return {
    resource,
    notice,
    errors,
    setErrors,
    clear: () => {
      setNotice(undefined);
      setErrors(noErrors);
    },
    confirming,
    ask: setConfirming,
    busy,
    confirmFor: (key) => ({
      confirming: confirming === key,
      busy,
      onCancel: () => setConfirming(undefined),
    }),
    run,
    remove: (path, done, after) =>
      run(async () => {
        await api('DELETE', path);
        after?.();
        resource.reload();
        return done;
      }),
    form,
  };
}
