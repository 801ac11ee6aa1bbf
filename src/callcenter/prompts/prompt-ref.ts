// The languages prompts exist in and the kinds of value the say rules speak.
// Prompt references themselves are the telephony port's `PromptRef`.
export type { PromptRef } from '../../telephony/index.ts';

/** A language the prompts and the say rules exist in. */
export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The kinds of value the `say` node and the say rules speak. */
export const SAY_KINDS = ['digits', 'number', 'amount', 'date', 'time', 'flight-number'] as const;
export type SayKind = (typeof SAY_KINDS)[number];
