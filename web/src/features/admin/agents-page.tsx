// The agents and their profiles at a glance: each agent's skills with levels, usual extension,
// whether they may place outside calls, and team, with a link to edit. Every user with the agent
// role is listed (one without a profile yet says so), and so is anyone else given a profile.
import { api } from '../../api/client.ts';
import type { AgentProfile, User } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { onLinkClick } from '../../router.ts';
import { Loaded } from '../../ui/loaded.tsx';
import { Notice } from '../../ui/notice.tsx';
import { formatTime } from '../../ui/time.ts';
import { useResource } from '../../ui/use-resource.ts';
import { levelName } from './agent-skills.tsx';

export function agentEditPath(agentId: string): string {
  return `/admin/agents/${encodeURIComponent(agentId)}/edit`;
}

/** Skills strongest first, then by name: what the agent is for reads first. */
export function skillsInOrder(skills: Record<string, number>): [string, number][] {
  return Object.entries(skills).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
}

export function AgentsPage({ notice }: { notice: string | undefined }) {
  const { t, language } = useI18n();
  const data = useResource(async () => {
    const [users, profiles] = await Promise.all([
      api<{ users: User[] }>('GET', '/api/v1/users?limit=1000'),
      api<{ profiles: AgentProfile[] }>('GET', '/api/v1/agent-profiles'),
    ]);
    return { users: users.users, profiles: profiles.profiles };
  });

  const rows = data.data
    ? [
        ...new Set([
          ...data.data.users.filter((u) => u.role === 'agent').map((u) => u.username),
          ...data.data.profiles.map((p) => p.agentId),
        ]),
      ]
        .sort()
        .map((agentId) => ({
          agentId,
          user: data.data!.users.find((u) => u.username === agentId),
          profile: data.data!.profiles.find((p) => p.agentId === agentId),
        }))
    : [];

  return (
    <section className="panel" aria-labelledby="agents-title">
      <div className="toolbar">
        <h2 id="agents-title">{t('admin.agents')}</h2>
      </div>
      <p className="hint">{t('agents.hint')}</p>
      <Notice text={notice} testId="admin-notice" />
      <Loaded resource={data} isEmpty={() => rows.length === 0} empty={t('agents.none')}>
        {() => (
          <table className="grid" data-testid="agents">
            <thead>
              <tr>
                <th scope="col">{t('agents.agent')}</th>
                <th scope="col">{t('users.displayName')}</th>
                <th scope="col">{t('agents.skills')}</th>
                <th scope="col">{t('agents.extension')}</th>
                <th scope="col">{t('agents.outboundCalls')}</th>
                <th scope="col">{t('agents.team')}</th>
                <th scope="col">{t('queue.version')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(({ agentId, user, profile }) => (
                <tr key={agentId} data-agent={agentId}>
                  <th scope="row">
                    <a
                      href={agentEditPath(agentId)}
                      onClick={onLinkClick}
                      aria-label={t('agents.editAgent', { agentId })}
                    >
                      {agentId}
                    </a>
                  </th>
                  <td>{user?.displayName ?? ''}</td>
                  <td data-col="skills">
                    {!profile ? (
                      <span className="muted">{t('agents.noProfile')}</span>
                    ) : Object.keys(profile.skills).length === 0 ? (
                      <span className="muted">{t('agents.noSkills')}</span>
                    ) : (
                      skillsInOrder(profile.skills).map(([skill, level]) => (
                        <span key={skill} className="tag skill-tag" title={levelName(t, level)}>
                          {skill} {level}
                        </span>
                      ))
                    )}
                  </td>
                  <td data-col="extension">{profile?.extension ?? '—'}</td>
                  <td data-col="outbound">
                    {profile?.outboundCalls ? (
                      t('queue.yes')
                    ) : (
                      <span className="muted">{t('queue.no')}</span>
                    )}
                  </td>
                  <td data-col="team">{profile?.team ?? '—'}</td>
                  <td className="muted">
                    {profile &&
                      t('queue.versionBy', {
                        version: profile.version,
                        time: formatTime(profile.updatedAt, language),
                        by: profile.updatedBy,
                      })}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loaded>
    </section>
  );
}
