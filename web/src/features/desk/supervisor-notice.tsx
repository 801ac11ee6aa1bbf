// Tells the agent a supervisor they hear is on their call (whispering, or barged in). The feed
// never tells an agent of silent listening, so there is nothing to hide here.
import type { CtiCall } from '../../api/cti-state.ts';
import { useI18n } from '../../i18n/i18n.tsx';

export function SupervisorNotice(props: { call: CtiCall }) {
  const { t } = useI18n();
  // Once their phone answered: until then the agent hears nobody.
  const heard = (props.call.monitors ?? []).filter(
    (m) => m.mode !== 'listen' && m.phase === 'joined',
  );
  if (heard.length === 0) return null;
  return (
    <div className="supervisor-notice" role="status" data-testid="supervisor-notice">
      {heard.map((m) => (
        <p key={m.supervisor} data-mode={m.mode}>
          {t(m.mode === 'barge' ? 'desk.supervisor.barge' : 'desk.supervisor.whisper', {
            supervisor: m.supervisor,
          })}
        </p>
      ))}
    </div>
  );
}
