import { createI18n } from 'vue-i18n';
import zhCN from './zh-CN';
import en from './en';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: { value: Locale; label: string }[] = [
  { value: 'zh-CN', label: '简体中文' },
  { value: 'en', label: 'English' },
];
export const LOCALE_STORAGE = 'gx_locale';

function initialLocale(): Locale {
  try {
    const v = localStorage.getItem(LOCALE_STORAGE);
    if (v === 'en' || v === 'zh-CN') return v;
  } catch {
    /* no storage */
  }
  return 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  globalInjection: true,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  missingWarn: false,
  fallbackWarn: false,
});

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale;
}

export function setLocale(l: Locale): void {
  i18n.global.locale.value = l;
  try {
    localStorage.setItem(LOCALE_STORAGE, l);
  } catch {
    /* ignore */
  }
  document.documentElement.setAttribute('lang', l);
}
