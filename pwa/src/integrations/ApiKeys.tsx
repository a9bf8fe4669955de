import { useId } from 'preact/hooks';
import { API_KEY_NAME_MAX, API_SCOPES, type ApiScope } from '../../../shared/api/api-keys.ts';
import { t } from '../i18n/i18n.ts';
import type { ApiKeysState } from './create-api-keys-state.ts';
import { scopeHelp, when } from './labels.ts';
import { Problem, ShownOnce, submitWith } from './ShownOnce.tsx';
import '../i18n/later-texts.ts';

/** API keys at the state's path (an account's, or the server's on the operator page): list, make, revoke. */
export function ApiKeys({ state, title, help, level = 3 }: { state: ApiKeysState; title: string; help: string; level?: 2 | 3 }) {
  const id = useId();
  const Title = level === 2 ? 'h2' : 'h3';
  const Sub = level === 2 ? 'h3' : 'h4';
  const keys = state.keys.value;
  return (
    <section class="card integration" aria-labelledby={`${id}-title`} data-testid="api-keys">
      <Title id={`${id}-title`}>{title}</Title>
      <p class="muted">{help}</p>
      {keys === null && !state.problem.value && <p class="muted">{t('common.loading')}</p>}
      {keys?.length === 0 && <p class="muted">{t('integrations.keys.none')}</p>}
      {keys && keys.length > 0 && (
        <ul class="integration-list">
          {keys.map((k) => (
            <li key={k.id} data-key-name={k.name} data-state={k.revokedAt ? 'revoked' : 'active'}>
              <span class="integration-list__main">
                <strong>{k.name}</strong> <code>{k.prefix}…</code>
                <br />
                <span class="scopes">{k.scopes.join(', ')}</span>
                <br />
                <span class="muted">
                  {t('integrations.keys.created', { when: when(k.createdAt) })} ·{' '}
                  {k.lastUsedAt ? t('integrations.keys.lastUsed', { when: when(k.lastUsedAt) }) : t('integrations.keys.neverUsed')}
                  {k.revokedAt && <> · {t('integrations.keys.revoked', { when: when(k.revokedAt) })}</>}
                </span>
              </span>
              {!k.revokedAt && (
                <button
                  type="button"
                  class="button button--danger"
                  data-action="revoke-key"
                  disabled={state.busy.value}
                  aria-label={t('integrations.keys.revokeNamed', { name: k.name })}
                  onClick={() => {
                    if (confirm(t('integrations.keys.revokeConfirm', { name: k.name }))) void state.revoke(k.id);
                  }}
                >
                  {t('integrations.keys.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ShownOnce once={state.created} title={(c) => t('integrations.keys.newKey', { name: c.apiKey.name })} />
      <form
        class="form integration-form"
        data-testid="create-api-key"
        onSubmit={submitWith((data) =>
          state.create({ name: String(data.get('name') ?? '').trim(), scopes: data.getAll('scope').map(String) as ApiScope[] }),
        )}
      >
        <Sub>{t('integrations.keys.create')}</Sub>
        <label>
          {t('integrations.keys.name')}
          <input name="name" required maxLength={API_KEY_NAME_MAX} autocomplete="off" />
        </label>
        <fieldset class="checks">
          <legend>{t('integrations.keys.scopes')}</legend>
          {API_SCOPES.map((scope) => (
            <label key={scope} class="check">
              <input type="checkbox" name="scope" value={scope} />
              <span>
                <code>{scope}</code> <span class="muted">{scopeHelp(scope)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <p class="form-actions">
          <button type="submit" class="button button--primary" data-action="create-key" disabled={state.busy.value}>
            {t('integrations.keys.createButton')}
          </button>
        </p>
      </form>
      <Problem text={state.problem.value} />
    </section>
  );
}
