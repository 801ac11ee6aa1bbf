// Every string the app shows, in Simplified Chinese, one file per part of the app under zh-cn/
// (the same keys as en.ts).
import type { Dictionary } from './en.ts';
import { shell } from './zh-cn/shell.ts';
import { desk } from './zh-cn/desk.ts';
import { wallboard } from './zh-cn/wallboard.ts';
import { admin } from './zh-cn/admin.ts';
import { adminTelephony } from './zh-cn/admin-telephony.ts';
import { calls } from './zh-cn/calls.ts';

export const zhCN: Dictionary = {
  ...shell,
  ...desk,
  ...wallboard,
  ...admin,
  ...adminTelephony,
  ...calls,
};
