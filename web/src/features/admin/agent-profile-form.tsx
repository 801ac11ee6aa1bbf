// Editing an agent's profile: skill rows with levels, the usual extension (those other agents
// hold are shown but cannot be chosen), whether they may place outside calls, and team. Saved
// with PUT: a logged-in agent's skills change at once, and the notice says so. The server checks
// the profile and each complaint shows on its field or skill row.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { AgentProfile, ExtensionView, QueueView, SkillsApplied } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { onLinkClick } from '../../router.ts';
import { ErrorState, Loading, errorText } from '../../ui/states.tsx';
import { formatTime } from '../../ui/time.ts';
import { useResource } from '../../ui/use-resource.ts';
import {
  agentProfileBody,
  agentProfileFormPaths,
  agentProfileFormValues,
  duplicateSkillRows,
  onFormRows,
  type AgentProfileFormValues,
} from './agent-profile-document.ts';
import { AgentSkills } from './agent-skills.tsx';
import { Field, focusFirstInvalid } from './field.tsx';
import { formErrors, noErrors, type FormErrors } from './form-errors.ts';
import { FormActions } from './form-actions.tsx';
import { GeneralErrors } from './general-errors.tsx';

interface Context {
  profiles: AgentProfile[];
  extensions: ExtensionView[];
  /** The skills queues ask for, to suggest. */
  skills: string[];
}

/** Loads the profiles, extensions and queues the form draws on, then shows it. */
export function AgentProfileEditor(props: { agentId: string; onDone: (notice: string) => void }) {
  const context = useResource(async (): Promise<Context> => {
    const [profiles, extensions, queues] = await Promise.all([
      api<{ profiles: AgentProfile[] }>('GET', '/api/v1/agent-profiles'),
      api<{ extensions: ExtensionView[] }>('GET', '/api/v1/extensions'),
      api<{ queues: QueueView[] }>('GET', '/api/v1/queues'),
    ]);
    const skills = new Set(queues.queues.flatMap((q) => q.config.skills.map((s) => s.skill)));
    for (const p of profiles.profiles) for (const skill of Object.keys(p.skills)) skills.add(skill);
    return {
      profiles: profiles.profiles,
      extensions: extensions.extensions,
      skills: [...skills].sort(),
    };
  }, [props.agentId]);
  if (context.error) return <ErrorState error={context.error} onRetry={context.reload} />;
  if (!context.data) return <Loading />;
  return (
    <AgentProfileForm
      key={props.agentId}
      agentId={props.agentId}
      context={context.data}
      onDone={props.onDone}
    />
  );
}

function AgentProfileForm(props: {
  agentId: string;
  context: Context;
  onDone: (notice: string) => void;
}) {
  const { t, language } = useI18n();
  const { agentId, context, onDone } = props;
  const profile = context.profiles.find((p) => p.agentId === agentId);
  const [values, setValues] = useState<AgentProfileFormValues>(() =>
    agentProfileFormValues(profile),
  );
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const teams = [...new Set(context.profiles.flatMap((p) => (p.team ? [p.team] : [])))].sort();

  useEffect(() => focusFirstInvalid(form.current), [errors]);

  const set = <K extends keyof AgentProfileFormValues>(key: K, value: AgentProfileFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));

  const savedNotice = (saved: AgentProfile, applied: SkillsApplied) => {
    const name = { agentId, version: saved.version };
    if (applied === 'now') return t('agents.savedNow', name);
    if (applied === 'at-login') return t('agents.savedAtLogin', name);
    return t('agents.saved', name);
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const twice = duplicateSkillRows(values);
    if (twice.length > 0) {
      setErrors({
        fields: new Map(twice.map((i) => [`skills.${i}`, t('agents.skillTwice')])),
        general: [],
      });
      return;
    }
    setBusy(true);
    setErrors(noErrors);
    try {
      const saved = await api<{ profile: AgentProfile; applied: SkillsApplied }>(
        'PUT',
        `/api/v1/agent-profiles/${encodeURIComponent(agentId)}`,
        agentProfileBody(values),
      );
      onDone(savedNotice(saved.profile, saved.applied));
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) return;
      setErrors(
        formErrors(onFormRows(failure, values), agentProfileFormPaths(values), (e) =>
          errorText(t, e),
        ),
      );
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    setErrors(noErrors);
    try {
      await api('DELETE', `/api/v1/agent-profiles/${encodeURIComponent(agentId)}`);
      onDone(t('agents.deleted', { agentId }));
    } catch (failure) {
      setErrors({ fields: new Map(), general: [errorText(t, failure)] });
      setConfirmDelete(false);
    } finally {
      setBusy(false);
    }
  };

  const holder = (extension: string) =>
    context.extensions.find((e) => e.extension === extension)?.agentId ?? null;

  return (
    <form
      ref={form}
      className="panel agent-form"
      aria-labelledby="agent-form-title"
      noValidate
      onSubmit={(e) => void save(e)}
    >
      <div className="toolbar">
        <a href="/admin/agents" onClick={onLinkClick}>
          ← {t('agents.back')}
        </a>
        <h2 id="agent-form-title">{t('agents.editTitle', { agentId })}</h2>
        {profile ? (
          <span className="muted">
            {t('queue.versionBy', {
              version: profile.version,
              time: formatTime(profile.updatedAt, language),
              by: profile.updatedBy,
            })}
          </span>
        ) : (
          <span className="muted">{t('agents.noProfile')}</span>
        )}
      </div>
      <GeneralErrors messages={errors.general} testId="agent-form-error" />
      {errors.fields.get('agentId') && (
        <div className="form-error" role="alert" data-testid="agent-form-error">
          <p>{errors.fields.get('agentId')}</p>
        </div>
      )}

      <AgentSkills
        skills={values.skills}
        known={context.skills}
        errors={errors.fields}
        onChange={(skills) => set('skills', skills)}
      />

      <fieldset>
        <legend>{t('agents.desk')}</legend>
        <div className="field-grid">
          <Field
            id="agent-extension"
            label={t('agents.extension')}
            error={errors.fields.get('extension')}
            hint={t('agents.extensionHint')}
          >
            {(input) => (
              <select
                {...input}
                value={values.extension}
                onChange={(e) => set('extension', e.target.value)}
              >
                <option value="">{t('agents.noExtension')}</option>
                {context.extensions.map((e) => {
                  const other = holder(e.extension);
                  const taken = other !== null && other !== agentId;
                  return (
                    <option key={e.extension} value={e.extension} disabled={taken}>
                      {taken
                        ? t('agents.extensionTaken', {
                            extension: e.extension,
                            name: e.displayName,
                            agentId: other,
                          })
                        : t('agents.extensionOption', {
                            extension: e.extension,
                            name: e.displayName,
                          })}
                    </option>
                  );
                })}
              </select>
            )}
          </Field>
          <Field
            id="agent-team"
            label={t('agents.team')}
            error={errors.fields.get('team')}
            hint={t('agents.teamHint')}
          >
            {(input) => (
              <input
                {...input}
                list="agent-teams"
                autoComplete="off"
                value={values.team}
                onChange={(e) => set('team', e.target.value)}
              />
            )}
          </Field>
        </div>
        <datalist id="agent-teams">
          {teams.map((team) => (
            <option key={team} value={team} />
          ))}
        </datalist>
        <label className="check">
          <input
            id="agent-outboundCalls"
            type="checkbox"
            checked={values.outboundCalls}
            onChange={(e) => set('outboundCalls', e.target.checked)}
          />{' '}
          {t('agents.outboundCallsHint')}
        </label>
        {errors.fields.get('outboundCalls') && (
          <p className="field-error">{errors.fields.get('outboundCalls')}</p>
        )}
        <label className="check">
          <input
            id="agent-autoAnswer"
            type="checkbox"
            checked={values.autoAnswer}
            onChange={(e) => set('autoAnswer', e.target.checked)}
          />{' '}
          {t('agents.autoAnswerHint')}
        </label>
        {errors.fields.get('autoAnswer') && (
          <p className="field-error">{errors.fields.get('autoAnswer')}</p>
        )}
      </fieldset>

      <FormActions
        busy={busy}
        submit={t('common.save')}
        back="/admin/agents"
        {...(profile && {
          remove: {
            label: t('agents.delete'),
            question: t('agents.deleteConfirm', { agentId }),
            confirming: confirmDelete,
            onConfirming: setConfirmDelete,
            onConfirm: () => void remove(),
          },
        })}
      />
    </form>
  );
}
