// The prompts' public surface: the catalogue, the say rules and the prompt reference types.
export { LANGUAGES, SAY_KINDS, type Language, type PromptRef, type SayKind } from './prompt-ref.ts';
export {
  PROMPT_CATALOGUE,
  catalogueEntry,
  isKnownPrompt,
  promptNames,
  type CatalogueEntry,
  type PromptTexts,
} from './prompt-catalogue.ts';
export { sayPrompts } from './say-rules.ts';
export { MAX_SAY_INTEGER } from './say-values.ts';
