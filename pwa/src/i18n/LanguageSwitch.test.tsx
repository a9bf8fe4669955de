// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOCALE_STORAGE_KEY } from './create-i18n.ts';
import { i18n, t } from './i18n.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';

function Page() {
  return (
    <main>
      <h1>{t('prejoin.join')}</h1>
      <LanguageSwitch />
    </main>
  );
}

async function pick(select: HTMLSelectElement, value: string) {
  select.value = value;
  await act(async () => {
    select.dispatchEvent(new Event('change', { bubbles: true }));
    // The catalogue is a chunk of its own: wait until it is loaded and in use (slow on a busy machine).
    await vi.waitFor(() => expect(i18n.locale.value).toBe(value), { timeout: 5000 });
  });
}

describe('the language switch in a page', () => {
  afterEach(async () => {
    await act(() => i18n.setLocale('en'));
    render(null, document.body);
  });

  it('re-renders the page in the picked language, sets lang, and remembers the pick', async () => {
    await act(() => render(<Page />, document.body));
    expect(document.querySelector('h1')!.textContent).toBe('Join now');
    const select = document.querySelector<HTMLSelectElement>('select[data-action=language]')!;
    expect([...select.options].map((o) => o.textContent)).toEqual(['English', 'Nederlands', 'Deutsch']);

    await pick(select, 'nl');
    expect(document.querySelector('h1')!.textContent).toBe('Nu deelnemen');
    expect(document.documentElement.lang).toBe('nl');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('nl');

    await pick(select, 'de');
    expect(document.querySelector('h1')!.textContent).toBe('Jetzt teilnehmen');
    expect(document.documentElement.lang).toBe('de');
    expect(document.querySelector<HTMLSelectElement>('select[data-action=language]')!.value).toBe('de');
  });
});
