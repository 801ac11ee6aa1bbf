// The strings of sign-in, navigation, roles and what every screen shares, in English;
// zh-cn/shell.ts has the same keys.
export const shell = {
  'app.name': 'Hotline',
  'app.tagline': 'Contact center',
  'lang.switch': '中文',
  'lang.switchTitle': 'Switch the language to Chinese',

  'login.title': 'Sign in',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.busy': 'Signing in…',
  'login.hint': 'The first start printed the admin password in the terminal.',
  'login.failed': 'Sign-in failed: {message}',

  'nav.desk': 'Agent desk',
  'nav.wallboard': 'Wallboard',
  'nav.admin': 'Administration',
  'nav.calls': 'Calls',
  'nav.logout': 'Sign out',
  'nav.main': 'Main navigation',

  'role.admin': 'Administrator',
  'role.supervisor': 'Supervisor',
  'role.agent': 'Agent',
  'role.qa': 'Quality reviewer',

  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.error': 'Something went wrong: {message}',
  'common.offline': 'Cannot reach the server. Check that Hotline is running, then try again.',
  'common.sessionEnded': 'Your session ended. Sign in again.',
  'common.forbidden': 'Your role may not open this page.',
  'common.notFound': 'There is no such page.',
  'common.goHome': 'Go to my home page',
  'common.live': 'Live',
  'common.reconnecting': 'Reconnecting…',
  'common.liveUnavailable': 'No live feed (telephony is not running)',
  'common.cancel': 'Cancel',
  'common.save': 'Save',
} as const;
