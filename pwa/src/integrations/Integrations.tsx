import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.ts';
import { copyText } from '../invite/create-invite-state.ts';
import { ApiKeys } from './ApiKeys.tsx';
import { createApiKeysState } from './create-api-keys-state.ts';
import { createEmbeddingState } from './create-embedding-state.ts';
import { createWebhooksState } from './create-webhooks-state.ts';
import { Embedding } from './Embedding.tsx';
import { Webhooks } from './Webhooks.tsx';
import './integrations.css';
import '../i18n/later-texts.ts';

/** The account page's integrations (issue 24): the user's API keys, webhook endpoints and embedding origins. */
export function Integrations() {
  const [keys] = useState(() => createApiKeysState({ copy: copyText }));
  const [hooks] = useState(() => createWebhooksState({ copy: copyText }));
  const [embedding] = useState(() => createEmbeddingState());
  useEffect(() => {
    void keys.load();
    void hooks.load();
    void embedding.load();
  }, []);
  return (
    <section class="integrations" aria-labelledby="integrations-title" data-testid="integrations">
      <h2 id="integrations-title">{t('integrations.title')}</h2>
      <p class="muted">{t('integrations.help')}</p>
      <ApiKeys state={keys} title={t('integrations.keys.title')} help={t('integrations.keys.help')} />
      <Webhooks state={hooks} />
      <Embedding state={embedding} />
    </section>
  );
}
