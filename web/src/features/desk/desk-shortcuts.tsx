// Every desk action's hotkey, listed on screen.
import { useI18n } from '../../i18n/i18n.tsx';
import { deskActions } from './desk-actions.ts';

export function DeskShortcuts() {
  const { t } = useI18n();
  return (
    <section className="panel shortcuts" aria-labelledby="shortcuts-title">
      <h2 id="shortcuts-title">{t('desk.shortcuts')}</h2>
      <table>
        <tbody>
          {deskActions.map((a) => (
            <tr key={a.id}>
              <td>
                <kbd>{a.keys}</kbd>
              </td>
              <td>{t(a.label)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
