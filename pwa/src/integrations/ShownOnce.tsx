import { t } from '../i18n/i18n.ts';
import '../i18n/later-texts.ts';

/** A secret the server gives once (a new API key, a signing secret): the value, Copy, and Done. */
export function ShownOnce({
  title,
  value,
  copied,
  onCopy,
  onDone,
}: {
  title: string;
  value: string;
  copied: boolean;
  onCopy: () => void;
  onDone: () => void;
}) {
  return (
    <section class="shown-once" aria-label={title} data-testid="shown-once">
      <p>
        <strong>{title}</strong>
      </p>
      <code class="shown-once__value">{value}</code>
      <p class="muted">{t('integrations.shownOnce')}</p>
      <p class="form-actions">
        <button type="button" class="button button--primary" data-action="copy-secret" onClick={onCopy}>
          {t('integrations.copy')}
        </button>
        <button type="button" class="button" data-action="done-secret" onClick={onDone}>
          {t('integrations.done')}
        </button>
        <span role="status">{copied ? t('integrations.copied') : ''}</span>
      </p>
    </section>
  );
}
