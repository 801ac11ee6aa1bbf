// The language context: Chinese or English, chosen once from the browser
// (Chinese when it prefers zh) and switchable; remembered in localStorage.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, type Dictionary, type MessageKey } from './en.ts';
import { zhCN } from './zh-cn.ts';

export type Language = 'zh-CN' | 'en';

const dictionaries: Record<Language, Dictionary> = { 'zh-CN': zhCN, en };
const STORAGE_KEY = 'hotline.language';

/** The browser's first preference between Chinese and English decides; Chinese breaks ties. */
export function pickLanguage(preferred: readonly string[], stored: string | null): Language {
  if (stored === 'en' || stored === 'zh-CN') return stored;
  for (const tag of preferred) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'zh-CN';
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  t: Translate;
  toggle: () => void;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguage] = useState<Language>(() =>
    pickLanguage(navigator.languages ?? [navigator.language], localStorage.getItem(STORAGE_KEY)),
  );
  const toggle = useCallback(() => {
    setLanguage((current) => {
      const next = current === 'en' ? 'zh-CN' : 'en';
      localStorage.setItem(STORAGE_KEY, next);
      return next;
    });
  }, []);
  const value = useMemo<I18n>(() => {
    const dictionary = dictionaries[language];
    document.documentElement.lang = language;
    return {
      language,
      toggle,
      t: (key, values) =>
        dictionary[key].replace(/\{(\w+)\}/g, (_, name: string) =>
          String(values?.[name] ?? `{${name}}`),
        ),
    };
  }, [language, toggle]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** A known translation of a server code (state, reason), or the code itself. */
export function translateCode(t: Translate, prefix: 'state' | 'reason', code: string): string {
  const key = `${prefix}.${code}` as MessageKey;
  return key in en ? t(key) : code;
}
