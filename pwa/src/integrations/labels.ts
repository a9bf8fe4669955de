import type { ApiScope } from '../../../shared/api/api-keys.ts';
import { i18n, t } from '../i18n/i18n.ts';
import '../i18n/later-texts.ts';

/** What a scope lets a key do, in the page's language (the scope's own name is shown beside it). */
const SCOPE_HELP: Record<ApiScope, () => string> = {
  'meetings:read': () => t('integrations.scope.meetingsRead'),
  'meetings:write': () => t('integrations.scope.meetingsWrite'),
  'invites:write': () => t('integrations.scope.invitesWrite'),
  'recordings:read': () => t('integrations.scope.recordingsRead'),
  'webhooks:write': () => t('integrations.scope.webhooksWrite'),
};
export const scopeHelp = (scope: ApiScope) => SCOPE_HELP[scope]();

/** A date and time as the page's language writes it. */
export const when = (iso: string) => i18n.formatDate(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' });
