// A call's timeline: every event of the call and of its legs, in the order
// they were logged, with the time, the time since the call began, what
// happened in words, who it concerns and its details.
import type { LogEvent } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { Empty } from '../../ui/states.tsx';
import { formatDuration } from '../../ui/time.ts';
import { describeEvent, legParties } from './call-words.ts';

export function CallTimeline(props: { events: LogEvent[]; startedAt: number }) {
  const { t, language } = useI18n();
  if (props.events.length === 0) return <Empty>{t('timeline.empty')}</Empty>;
  const parties = legParties(t, props.events);
  const clock = new Intl.DateTimeFormat(language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    fractionalSecondDigits: 1,
    hour12: false,
  });
  return (
    <table className="grid timeline" data-testid="timeline">
      <thead>
        <tr>
          <th scope="col">{t('timeline.time')}</th>
          <th scope="col" className="num">
            {t('timeline.since')}
          </th>
          <th scope="col">{t('timeline.event')}</th>
          <th scope="col">{t('timeline.party')}</th>
          <th scope="col">{t('timeline.details')}</th>
        </tr>
      </thead>
      <tbody>
        {props.events.map((event) => {
          const words = describeEvent(t, event, parties);
          return (
            <tr
              key={event.id}
              data-type={event.type}
              className={event.type.startsWith('leg.') ? 'leg-event' : undefined}
            >
              <td className="nowrap">
                <time dateTime={new Date(event.time).toISOString()}>
                  {clock.format(event.time)}
                </time>
              </td>
              <td className="num muted">+{formatDuration(event.time - props.startedAt)}</td>
              <td title={event.type}>{words.what}</td>
              <td>{words.party}</td>
              <td className="details">
                {words.details.map(([label, value], i) => (
                  <span key={i} className="detail">
                    {label && <span className="muted">{t(label)} </span>}
                    {value}
                  </span>
                ))}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
