// The bar across the top: brand, the pages the role may open, language, user, sign out.
import type { Me } from '../../api/types.ts';
import type { MessageKey } from '../../i18n/en.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { onLinkClick } from '../../router.ts';

export interface NavItem {
  path: string;
  label: MessageKey;
}

export function TopBar(props: {
  me: Me;
  items: NavItem[];
  current: string | undefined;
  onSignOut: () => void;
}) {
  const { t, toggle } = useI18n();
  const { user } = props.me;
  return (
    <header className="topbar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ☎
        </span>
        {t('app.name')}
      </div>
      <nav aria-label={t('nav.main')}>
        {props.items.map((item) => (
          <a
            key={item.path}
            href={item.path}
            onClick={onLinkClick}
            aria-current={props.current === item.path ? 'page' : undefined}
          >
            {t(item.label)}
          </a>
        ))}
      </nav>
      <div className="topbar-end">
        <button type="button" className="link" onClick={toggle} title={t('lang.switchTitle')}>
          {t('lang.switch')}
        </button>
        <span className="who" data-testid="who">
          {user.displayName} <span className="role-badge">{t(`role.${user.role}`)}</span>
        </span>
        <button type="button" onClick={props.onSignOut}>
          {t('nav.logout')}
        </button>
      </div>
    </header>
  );
}
