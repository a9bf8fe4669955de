import { useId } from 'preact/hooks';
import { t } from '../i18n/i18n.ts';
import type { EmbeddingState } from './create-embedding-state.ts';
import { Problem, submitWith } from './ShownOnce.tsx';
import '../i18n/later-texts.ts';

/** How another site shows a meeting with `/embed.js` (embed-script.ts), for the server this page is on. */
export const embedSnippet = (server: string) =>
  `<div data-meeting-room="${server}/m/MEETING_ID?invite=…"></div>\n<script src="${server}/embed.js"></script>`;

/** The sites that may show the account's meetings in a frame: list, add, remove, and how to embed. */
export function Embedding({ state }: { state: EmbeddingState }) {
  const id = useId();
  const origins = state.origins.value;
  return (
    <section class="card integration" aria-labelledby={`${id}-title`} data-testid="embedding">
      <h3 id={`${id}-title`}>{t('integrations.embed.title')}</h3>
      <p class="muted">{t('integrations.embed.help')}</p>
      {origins === null && !state.problem.value && <p class="muted">{t('common.loading')}</p>}
      {origins?.length === 0 && <p class="muted">{t('integrations.embed.none')}</p>}
      {origins && origins.length > 0 && (
        <ul class="integration-list">
          {origins.map((origin) => (
            <li key={origin} data-origin={origin}>
              <code class="integration-list__main">{origin}</code>
              <button
                type="button"
                class="button button--danger"
                data-action="remove-origin"
                disabled={state.busy.value}
                aria-label={t('integrations.embed.removeNamed', { origin })}
                onClick={() => void state.remove(origin)}
              >
                {t('integrations.embed.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="form integration-form integration-form--inline"
        data-testid="add-origin"
        onSubmit={submitWith((data) => state.add(String(data.get('origin') ?? '')))}
      >
        <label>
          {t('integrations.embed.origin')}
          <input name="origin" required autocomplete="off" inputMode="url" />
        </label>
        <button type="submit" class="button button--primary" data-action="add-origin" disabled={state.busy.value}>
          {t('integrations.embed.add')}
        </button>
      </form>
      <Problem text={state.problem.value} />
      <h4>{t('integrations.embed.howTitle')}</h4>
      <p class="muted">{t('integrations.embed.how')}</p>
      <pre class="snippet">
        <code>{embedSnippet(location.origin)}</code>
      </pre>
    </section>
  );
}
