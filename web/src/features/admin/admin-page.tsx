// Administration: a menu of sections (IVR flows, queues, agents, extensions, trunks, prompts, codes,
// users, audit log) beside the section the path names. The flow editor is a page of its own
// (app.tsx routes it).
import { useEffect, useState } from 'react';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { navigate, onLinkClick, usePath } from '../../router.ts';
import { AgentProfileEditor } from './agent-profile-form.tsx';
import { AgentsPage } from './agents-page.tsx';
import { AuditLog } from './audit-log.tsx';
import { CodesPage } from './codes-page.tsx';
import { ExtensionsPage } from './extensions-page.tsx';
import { FlowsSection } from './flows-section.tsx';
import { PromptsPage } from './prompts-page.tsx';
import { QueueEditor } from './queue-form.tsx';
import { QueuesList } from './queues-list.tsx';
import { SchedulesPage } from './schedules-page.tsx';
import { TrunksPage } from './trunks-page.tsx';
import { UsersPage } from './users-page.tsx';

const sections: { path: string; label: MessageKey }[] = [
  { path: '/admin', label: 'admin.flows' },
  { path: '/admin/queues', label: 'admin.queues' },
  { path: '/admin/agents', label: 'admin.agents' },
  { path: '/admin/extensions', label: 'admin.extensions' },
  { path: '/admin/schedules', label: 'admin.schedules' },
  { path: '/admin/trunks', label: 'admin.trunks' },
  { path: '/admin/prompts', label: 'admin.prompts' },
  { path: '/admin/codes', label: 'admin.codes' },
  { path: '/admin/users', label: 'admin.users' },
  { path: '/admin/audit', label: 'admin.audit' },
];

const queueEdit = /^\/admin\/queues\/([^/]+)\/edit$/;
const agentEdit = /^\/admin\/agents\/([^/]+)\/edit$/;

export function AdminPage() {
  const { t } = useI18n();
  const path = usePath();
  // A confirmation to show on the page a save leads to (and only there).
  const [notice, setNotice] = useState<{ path: string; text: string }>();
  useEffect(() => {
    if (notice && notice.path !== path) setNotice(undefined);
  }, [notice, path]);
  const current =
    sections.find((s) => s.path !== '/admin' && path.startsWith(s.path))?.path ??
    (path === '/admin' ? '/admin' : undefined);

  const backToQueues = (text: string) => {
    setNotice({ path: '/admin/queues', text });
    navigate('/admin/queues');
  };
  const backToAgents = (text: string) => {
    setNotice({ path: '/admin/agents', text });
    navigate('/admin/agents');
  };

  let content;
  const edit = queueEdit.exec(path);
  const agent = agentEdit.exec(path);
  if (path === '/admin') content = <FlowsSection />;
  else if (path === '/admin/queues')
    content = <QueuesList notice={notice?.path === path ? notice.text : undefined} />;
  else if (path === '/admin/queues/new') content = <QueueEditor onDone={backToQueues} />;
  else if (edit)
    content = <QueueEditor name={decodeURIComponent(edit[1]!)} onDone={backToQueues} />;
  else if (path === '/admin/agents')
    content = <AgentsPage notice={notice?.path === path ? notice.text : undefined} />;
  else if (agent)
    content = <AgentProfileEditor agentId={decodeURIComponent(agent[1]!)} onDone={backToAgents} />;
  else if (path === '/admin/extensions') content = <ExtensionsPage />;
  else if (path === '/admin/schedules') content = <SchedulesPage />;
  else if (path === '/admin/trunks') content = <TrunksPage />;
  else if (path === '/admin/prompts') content = <PromptsPage />;
  else if (path === '/admin/codes') content = <CodesPage />;
  else if (path === '/admin/users') content = <UsersPage />;
  else if (path === '/admin/audit') content = <AuditLog />;
  else
    content = (
      <div className="state state-error" role="alert">
        <p>{t('common.notFound')}</p>
        <a href="/admin" onClick={onLinkClick}>
          {t('admin.title')}
        </a>
      </div>
    );

  return (
    <div className="admin">
      <h1>{t('admin.title')}</h1>
      <div className="admin-layout">
        {/* A navigation landmark, but not a <nav>: the top bar's <nav> is the main one. */}
        <div role="navigation" aria-label={t('admin.sections')} className="admin-menu">
          <ul>
            {sections.map((s) => (
              <li key={s.path}>
                <a
                  href={s.path}
                  onClick={onLinkClick}
                  aria-current={current === s.path ? 'page' : undefined}
                >
                  {t(s.label)}
                </a>
              </li>
            ))}
          </ul>
        </div>
        <div className="admin-content">{content}</div>
      </div>
    </div>
  );
}
