import { useId } from 'preact/hooks';
import { WEBHOOK_EVENT_TYPES, type WebhookDelivery, type WebhookEventType } from '../../../shared/api/webhooks.ts';
import { t } from '../i18n/i18n.ts';
import type { WebhooksState } from './create-webhooks-state.ts';
import { when } from './labels.ts';
import { Problem, ShownOnce, submitWith } from './ShownOnce.tsx';
import '../i18n/later-texts.ts';

/** How a delivery went: its state, and the receiver's status or the error. */
function outcome(d: WebhookDelivery): string {
  const answer = d.responseStatus !== null ? t('integrations.hooks.status', { status: d.responseStatus }) : (d.error ?? '');
  if (d.state === 'delivered') return t('integrations.hooks.delivered', { answer });
  if (d.state === 'failed') return t('integrations.hooks.failed', { answer });
  return d.attempts > 0 ? t('integrations.hooks.retrying', { answer }) : t('integrations.hooks.pending');
}

/** The account's webhook endpoints: list with the last deliveries, register, delete, send a test event. */
export function Webhooks({ state }: { state: WebhooksState }) {
  const id = useId();
  const endpoints = state.endpoints.value;
  return (
    <section class="card integration" aria-labelledby={`${id}-title`} data-testid="webhooks">
      <h3 id={`${id}-title`}>{t('integrations.hooks.title')}</h3>
      <p class="muted">{t('integrations.hooks.help')}</p>
      {endpoints === null && !state.problem.value && <p class="muted">{t('common.loading')}</p>}
      {endpoints?.length === 0 && <p class="muted">{t('integrations.hooks.none')}</p>}
      {endpoints && endpoints.length > 0 && (
        <ul class="integration-list">
          {endpoints.map((e) => {
            const test = state.tests.value[e.id];
            const log = state.deliveries.value[e.id] ?? [];
            return (
              <li key={e.id} data-endpoint-url={e.url} class="endpoint">
                <span class="integration-list__main">
                  <code class="endpoint__url">{e.url}</code>
                  <br />
                  <span class="scopes">{e.events.join(', ')}</span>
                </span>
                <span class="form-actions">
                  <button
                    type="button"
                    class="button"
                    data-action="send-test"
                    disabled={state.busy.value}
                    onClick={() => void state.sendTest(e.id)}
                  >
                    {t('integrations.hooks.sendTest')}
                  </button>
                  <button
                    type="button"
                    class="button button--danger"
                    data-action="delete-endpoint"
                    disabled={state.busy.value}
                    aria-label={t('integrations.hooks.deleteNamed', { url: e.url })}
                    onClick={() => {
                      if (confirm(t('integrations.hooks.deleteConfirm', { url: e.url }))) void state.remove(e.id);
                    }}
                  >
                    {t('integrations.hooks.delete')}
                  </button>
                </span>
                <p class="endpoint__test" role="status" data-testid="test-result" data-state={test?.state}>
                  {test ? t('integrations.hooks.testResult', { outcome: outcome(test) }) : ''}
                </p>
                <details class="endpoint__log" open={log.length > 0}>
                  <summary>{t('integrations.hooks.deliveries')}</summary>
                  {log.length === 0 ? (
                    <p class="muted">{t('integrations.hooks.noDeliveries')}</p>
                  ) : (
                    <ul class="deliveries">
                      {log.map((d) => (
                        <li key={d.id} data-event={d.event} data-state={d.state} data-status={d.responseStatus ?? undefined}>
                          <time dateTime={d.lastAttemptAt ?? d.createdAt}>{when(d.lastAttemptAt ?? d.createdAt)}</time> ·{' '}
                          <code>{d.event}</code> · {outcome(d)}
                        </li>
                      ))}
                    </ul>
                  )}
                </details>
              </li>
            );
          })}
        </ul>
      )}
      <ShownOnce once={state.created} title={(c) => t('integrations.hooks.secret', { url: c.endpoint.url })} />
      <form
        class="form integration-form"
        data-testid="create-webhook"
        onSubmit={submitWith((data) =>
          state.create({ url: String(data.get('url') ?? '').trim(), events: data.getAll('event').map(String) as WebhookEventType[] }),
        )}
      >
        <h4>{t('integrations.hooks.add')}</h4>
        <label>
          {t('integrations.hooks.url')}
          <input name="url" type="url" required inputMode="url" autocomplete="off" />
        </label>
        <fieldset class="checks">
          <legend>{t('integrations.hooks.events')}</legend>
          {WEBHOOK_EVENT_TYPES.map((event) => (
            <label key={event} class="check">
              <input type="checkbox" name="event" value={event} />
              <code>{event}</code>
            </label>
          ))}
        </fieldset>
        <p class="form-actions">
          <button type="submit" class="button button--primary" data-action="add-endpoint" disabled={state.busy.value}>
            {t('integrations.hooks.addButton')}
          </button>
        </p>
      </form>
      <Problem text={state.problem.value} />
    </section>
  );
}
