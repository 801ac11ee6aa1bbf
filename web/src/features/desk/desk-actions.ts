// The agent's actions as data: each one has its label, its hotkey and when it
// is enabled, so buttons, the shortcut list and the key handler agree.
import type { MessageKey } from '../../i18n/en.ts';

export type AgentState =
  'logged-out' | 'ready' | 'not-ready' | 'reserved' | 'on-call' | 'held' | 'wrap-up';

export type DeskActionId =
  'ready' | 'not-ready' | 'hold' | 'transfer' | 'hangup' | 'logout' | 'customer';

export interface DeskAction {
  id: DeskActionId;
  label: MessageKey;
  /** KeyboardEvent.code pressed with Alt (layout-independent, so it works with a Chinese IME). */
  code: string;
  /** How the shortcut is written on screen. */
  keys: string;
  enabled(state: AgentState): boolean;
  /** State actions change the agent; call actions act on the current call; focus moves the keyboard. */
  kind: 'state' | 'call' | 'focus';
}

const inCall = (s: AgentState) => s === 'on-call' || s === 'held';

export const deskActions: readonly DeskAction[] = [
  {
    id: 'ready',
    label: 'action.ready',
    code: 'KeyR',
    keys: 'Alt+R',
    kind: 'state',
    enabled: (s) => s === 'not-ready' || s === 'wrap-up',
  },
  {
    id: 'not-ready',
    label: 'action.notReady',
    code: 'KeyN',
    keys: 'Alt+N',
    kind: 'state',
    // While busy the server applies it after the call; while not ready it changes the reason.
    enabled: (s) => s !== 'logged-out',
  },
  {
    id: 'logout',
    label: 'action.logout',
    code: 'KeyO',
    keys: 'Alt+O',
    kind: 'state',
    enabled: (s) => s === 'ready' || s === 'not-ready',
  },
  {
    id: 'hold',
    label: 'action.hold',
    code: 'KeyH',
    keys: 'Alt+H',
    kind: 'call',
    enabled: inCall,
  },
  {
    id: 'transfer',
    label: 'action.transfer',
    code: 'KeyT',
    keys: 'Alt+T',
    kind: 'call',
    enabled: inCall,
  },
  {
    id: 'hangup',
    label: 'action.hangup',
    code: 'KeyE',
    keys: 'Alt+E',
    kind: 'call',
    enabled: inCall,
  },
  {
    // To the screen pop: choose the caller among candidates or create them, without the mouse.
    id: 'customer',
    label: 'action.customer',
    code: 'KeyC',
    keys: 'Alt+C',
    kind: 'focus',
    enabled: (s) => s === 'reserved' || inCall(s) || s === 'wrap-up',
  },
];

/** The action an Alt+key press names, if any. */
export function actionForKey(event: {
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  code: string;
}): DeskAction | undefined {
  if (!event.altKey || event.ctrlKey || event.metaKey) return undefined;
  return deskActions.find((a) => a.code === event.code);
}
