// The name and language of a prompt about to be made (uploaded or recorded by phone), with the
// catalogue's names suggested as the administrator types.
import { useI18n } from '../../i18n/i18n.tsx';
import { Field } from './field.tsx';
import { catalogueNamesList, promptLanguages, type PromptLanguage } from './prompt-files.ts';

export function PromptNameFields(props: {
  /** Prefixes the inputs' ids: `${idPrefix}-name`, `${idPrefix}-language`. */
  idPrefix: string;
  errors: Map<string, string>;
  disabled: boolean;
  name: string;
  language: PromptLanguage;
  onName: (name: string) => void;
  onLanguage: (language: PromptLanguage) => void;
}) {
  const { t } = useI18n();
  const { idPrefix, errors, disabled } = props;
  return (
    <>
      <Field
        id={`${idPrefix}-name`}
        label={t('prompts.name')}
        error={errors.get('name')}
        hint={t('prompts.nameHint')}
      >
        {(input) => (
          <input
            {...input}
            autoComplete="off"
            spellCheck={false}
            list={catalogueNamesList}
            disabled={disabled}
            value={props.name}
            onChange={(e) => props.onName(e.target.value)}
          />
        )}
      </Field>
      <Field
        id={`${idPrefix}-language`}
        label={t('prompts.language')}
        error={errors.get('language')}
      >
        {(input) => (
          <select
            {...input}
            disabled={disabled}
            value={props.language}
            onChange={(e) => props.onLanguage(e.target.value as PromptLanguage)}
          >
            {promptLanguages.map((code) => (
              <option key={code} value={code}>
                {t(`prompts.lang.${code}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
    </>
  );
}
