// The shell: who is signed in, the top bar, and the page for the path. Each
// role has a home (agent → desk, supervisor → wallboard, admin →
// administration, qa → calls); pages a role may not use are not offered.
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, onSessionLost } from './api/client.ts';
import type { Me, Role } from './api/types.ts';
import { AdminPage } from './features/admin/admin-page.tsx';
import { FlowEditor } from './features/admin/flow-editor.tsx';
import { CallsPage } from './features/calls/calls-page.tsx';
import { DeskPage } from './features/desk/desk-page.tsx';
import { LoginPage } from './features/login/login-page.tsx';
import { TopBar, type NavItem } from './features/shell/top-bar.tsx';
import { WallboardPage } from './features/wallboard/wallboard-page.tsx';
import { useI18n } from './i18n/i18n.tsx';
import { navigate, onLinkClick, usePath } from './router.ts';
import { ErrorState, Loading } from './ui/states.tsx';

const homes: Record<Role, string> = {
  agent: '/desk',
  supervisor: '/wallboard',
  admin: '/admin',
  qa: '/calls',
};

/** The pages, each with the permission that opens it. */
const pages: (NavItem & { permission: string })[] = [
  { path: '/desk', label: 'nav.desk', permission: 'agents:self' },
  { path: '/wallboard', label: 'nav.wallboard', permission: 'agents:read' },
  { path: '/admin', label: 'nav.admin', permission: 'ivr:write' },
  { path: '/calls', label: 'nav.calls', permission: 'calls:read' },
];

export function App() {
  const { t } = useI18n();
  const path = usePath();
  const [me, setMe] = useState<Me | null>();
  const [error, setError] = useState<unknown>();

  const loadMe = useCallback(() => {
    setError(undefined);
    api<Me>('GET', '/api/v1/auth/me').then(setMe, (failure: unknown) => {
      if (failure instanceof ApiError && failure.status === 401) setMe(null);
      else setError(failure);
    });
  }, []);
  useEffect(loadMe, [loadMe]);
  useEffect(() => onSessionLost(() => setMe(null)), []);

  const allowed = me ? pages.filter((p) => me.permissions.includes(p.permission)) : [];
  const home = me ? homes[me.user.role] : '/login';

  // Land on the role's home from / and /login; signed-out users go to /login.
  useEffect(() => {
    if (me === undefined) return;
    if (me === null && path !== '/login') navigate('/login', true);
    if (me && (path === '/' || path === '/login')) navigate(home, true);
  }, [me, path, home]);

  if (error) return <ErrorState error={error} onRetry={loadMe} />;
  if (me === undefined) return <Loading />;
  if (me === null)
    return (
      <LoginPage
        onSignedIn={(next) => {
          setMe(next);
          navigate(homes[next.user.role], true);
        }}
      />
    );

  const signOut = async () => {
    await api('POST', '/api/v1/auth/logout').catch(() => undefined);
    setMe(null);
  };

  const page = allowed.find((p) => path === p.path || path.startsWith(`${p.path}/`));
  let content;
  if (!page) {
    content = (
      <div className="state state-error" role="alert">
        <p>
          {pages.some((p) => path.startsWith(p.path))
            ? t('common.forbidden')
            : t('common.notFound')}
        </p>
        <a href={home} onClick={onLinkClick}>
          {t('common.goHome')}
        </a>
      </div>
    );
  } else if (page.path === '/desk') content = <DeskPage me={me} />;
  else if (page.path === '/wallboard') content = <WallboardPage me={me} />;
  else if (page.path === '/admin')
    content = path.startsWith('/admin/flows/') ? (
      <FlowEditor name={decodeURIComponent(path.slice('/admin/flows/'.length))} />
    ) : (
      <AdminPage />
    );
  else content = <CallsPage me={me} />;

  return (
    <div className="app">
      <TopBar me={me} items={allowed} current={page?.path} onSignOut={() => void signOut()} />
      <main className="page" id="main">
        {content}
      </main>
    </div>
  );
}
