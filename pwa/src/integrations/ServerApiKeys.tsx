import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/i18n.ts';
import { copyText } from '../invite/create-invite-state.ts';
import { ApiKeys } from './ApiKeys.tsx';
import { createApiKeysState, SERVER_API_KEYS } from './create-api-keys-state.ts';
import './integrations.css';
import '../i18n/later-texts.ts';

/** The operator page's API keys for the whole server (they reach every meeting): the same section at the operators' path. */
export function ServerApiKeys() {
  const [keys] = useState(() => createApiKeysState({ base: SERVER_API_KEYS, copy: copyText }));
  useEffect(() => void keys.load(), []);
  return <ApiKeys state={keys} level={2} title={t('integrations.serverKeys.title')} help={t('integrations.serverKeys.help')} />;
}
