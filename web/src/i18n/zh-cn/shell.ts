// The strings of sign-in, navigation, roles and what every screen shares, in Simplified Chinese
// (the same keys as en/shell.ts).
import type { shell as en } from '../en/shell.ts';

export const shell: Record<keyof typeof en, string> = {
  'app.name': 'Hotline',
  'app.tagline': '呼叫中心',
  'lang.switch': 'English',
  'lang.switchTitle': '切换为英文',

  'login.title': '登录',
  'login.username': '用户名',
  'login.password': '密码',
  'login.submit': '登录',
  'login.busy': '正在登录…',
  'login.hint': '首次启动时，管理员密码已打印在终端中。',
  'login.failed': '登录失败：{message}',

  'nav.desk': '坐席工作台',
  'nav.wallboard': '监控大屏',
  'nav.admin': '系统管理',
  'nav.calls': '通话记录',
  'nav.logout': '退出',
  'nav.main': '主导航',

  'role.admin': '管理员',
  'role.supervisor': '班长',
  'role.agent': '坐席',
  'role.qa': '质检员',

  'common.loading': '加载中…',
  'common.retry': '重试',
  'common.error': '出错了：{message}',
  'common.offline': '无法连接服务器。请确认 Hotline 正在运行，然后重试。',
  'common.sessionEnded': '会话已结束，请重新登录。',
  'common.forbidden': '您的角色无权打开此页面。',
  'common.notFound': '没有这个页面。',
  'common.goHome': '返回我的首页',
  'common.live': '实时',
  'common.reconnecting': '正在重新连接…',
  'common.liveUnavailable': '无实时数据（电话服务未运行）',
  'common.cancel': '取消',
  'common.save': '保存',
};
