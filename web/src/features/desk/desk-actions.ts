// The agent's actions as data: each one has its label, its hotkey and when it
// is enabled, so buttons, the shortcut list and the key handler agree.
import type { MessageKey } from '../../i18n/en.ts';

export type AgentState =
  'logged-out' | 'ready' | 'not-ready' | 'reserved' | 'on-call' | 'held' | 'wrap-up';

export type DeskActionId =
  | 'ready'
  | 'not-ready'
  | 'hold'
  | 'transfer'
  | 'hangup'
  | 'dtmf'
  | 'complete'
  | 'conference'
  | 'cancel-consult'
  | 'logout'
  | 'customer';

/** Where the agent's consultation stands (none: no consultation). */
export type ConsultPhase = 'none' | 'ringing' | 'connected' | 'conference';

export interface DeskAction {
  id: DeskActionId;
  label: MessageKey;
  /** KeyboardEvent.code pressed with Alt (layout-independent, so it works with a Chinese IME). */
  code: string;
  /** How the shortcut is written on screen. */
  keys: string;
  enabled(state: AgentState, consult: ConsultPhase): boolean;
  /**
   * State actions change the agent; call actions act on the current call; consult actions on its
   * consultation (attended transfer, conference); focus moves the keyboard.
   */
  kind: 'state' | 'call' | 'consult' | 'focus';
}

const inCall = (s: AgentState) => s === 'on-call' || s === 'held';
/** Hold and blind transfer wait while a consultation or conference is under way. */
const inPlainCall = (s: AgentState, c: ConsultPhase) => inCall(s) && c === 'none';

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
    enabled: inPlainCall,
  },
  {
    // Opens the transfer form: blind transfer, or consult first (attended transfer).
    id: 'transfer',
    label: 'action.transfer',
    code: 'KeyT',
    keys: 'Alt+T',
    kind: 'call',
    enabled: inPlainCall,
  },
  {
    // During a consultation the agent's hang-up hands the customer over, once the colleague answered.
    id: 'hangup',
    label: 'action.hangup',
    code: 'KeyE',
    keys: 'Alt+E',
    kind: 'call',
    enabled: (s, c) => inCall(s) && c !== 'ringing',
  },
  {
    id: 'dtmf',
    label: 'action.dtmf',
    code: 'KeyD',
    keys: 'Alt+D',
    kind: 'call',
    enabled: (s, c) => s === 'on-call' && c === 'none',
  },
  {
    id: 'complete',
    label: 'action.complete',
    code: 'KeyK',
    keys: 'Alt+K',
    kind: 'consult',
    enabled: (s, c) => inCall(s) && (c === 'connected' || c === 'conference'),
  },
  {
    id: 'conference',
    label: 'action.conference',
    code: 'KeyF',
    keys: 'Alt+F',
    kind: 'consult',
    enabled: (s, c) => inCall(s) && c === 'connected',
  },
  {
    id: 'cancel-consult',
    label: 'action.cancelConsult',
    code: 'KeyX',
    keys: 'Alt+X',
    kind: 'consult',
    enabled: (s, c) => inCall(s) && c !== 'none',
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
