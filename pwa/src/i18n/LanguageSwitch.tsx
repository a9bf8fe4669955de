import { Languages } from 'lucide-preact';
import { i18n, t } from './i18n.ts';
import { isLocale, LOCALE_NAMES, LOCALES } from './locales.ts';

/** The language picker: each language named in itself; the choice is remembered on this device. */
export function LanguageSwitch() {
  return (
    <label class="language-switch">
      <Languages class="icon" size={18} aria-hidden="true" />
      <span class="visually-hidden">{t('language.label')}</span>
      <select
        data-action="language"
        value={i18n.locale.value}
        onChange={(event) => {
          const value = (event.target as HTMLSelectElement).value;
          if (isLocale(value)) void i18n.setLocale(value);
        }}
      >
        {LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
    </label>
  );
}
