// Every string the app shows, in English, one file per part of the app under en/; zh-cn.ts has
// the same keys.
import { shell } from './en/shell.ts';
import { desk } from './en/desk.ts';
import { wallboard } from './en/wallboard.ts';
import { admin } from './en/admin.ts';
import { adminTelephony } from './en/admin-telephony.ts';
import { calls } from './en/calls.ts';

export const en = {
  ...shell,
  ...desk,
  ...wallboard,
  ...admin,
  ...adminTelephony,
  ...calls,
} as const;

export type MessageKey = keyof typeof en;
export type Dictionary = Record<MessageKey, string>;
