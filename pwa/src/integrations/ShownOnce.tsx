import { t } from '../i18n/i18n.ts';
import type { ShownOnceState } from './create-shown-once.ts';
import '../i18n/later-texts.ts';

/** A secret the server gives once (a new API key, a signing secret): the value, Copy, and Done. */
export function ShownOnce<T>({ once, title }: { once: ShownOnceState<T>; title: (item: T) => string }) {
  const item = once.item.value;
  if (!item) return null;
  return (
    <section class="shown-once" aria-label={title(item)} data-testid="shown-once">
      <p>
        <strong>{title(item)}</strong>
      </p>
      <code class="shown-once__value">{once.secret.value}</code>
      <p class="muted">{t('integrations.shownOnce')}</p>
      <p class="form-actions">
        <button type="button" class="button button--primary" data-action="copy-secret" onClick={() => void once.copy()}>
          {t('integrations.copy')}
        </button>
        <button type="button" class="button" data-action="done-secret" onClick={once.dismiss}>
          {t('integrations.done')}
        </button>
        <span role="status">{once.copied.value ? t('integrations.copied') : ''}</span>
      </p>
    </section>
  );
}

/** What went wrong with the section's last request, if anything. */
export function Problem({ text }: { text: string | null }) {
  return text ? (
    <p role="alert" class="form-error">
      {text}
    </p>
  ) : null;
}

/** A form's submit: its fields to `act`, and cleared when `act` says it was taken. */
export const submitWith = (act: (data: FormData) => Promise<boolean>) => (event: Event) => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  void act(new FormData(form)).then((ok) => ok && form.reset());
};
