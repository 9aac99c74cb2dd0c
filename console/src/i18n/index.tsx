// Language state: Chinese by default, English on request, remembered in the browser.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, zh, type MessageKey } from './messages';

export type Lang = 'zh-CN' | 'en-US';
const STORAGE_KEY = 'liutong.lang';

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() =>
    localStorage.getItem(STORAGE_KEY) === 'en-US' ? 'en-US' : 'zh-CN',
  );
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const table = lang === 'en-US' ? en : zh;
    return {
      lang,
      setLang,
      t: (key, vars) => {
        let text: string = table[key] ?? key;
        for (const [k, v] of Object.entries(vars ?? {})) text = text.replace(`{${k}}`, String(v));
        return text;
      },
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside I18nProvider');
  return ctx;
}
