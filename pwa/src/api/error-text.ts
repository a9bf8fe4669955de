import type { I18n } from '../i18n/create-i18n.ts';
import { i18n as pageI18n } from '../i18n/i18n.ts';

/** The page's own codes for failures that never reached an API answer (api-client.ts). */
const CLIENT_CODES = new Set(['network', 'http', 'bad_response']);

/**
 * What to tell the reader about an API error, in the page's language. The page's own failures (no
 * answer, not JSON) are always ours to word. For the API's codes (shared/api/errors.ts) the server's
 * message is the more precise one and it is English, so an English page shows it; any other language
 * shows the code's text (`errors.<code>`); a code the catalogue does not know shows the server's message.
 */
export function errorText(code: string, serverMessage: string, i18n: I18n = pageI18n): string {
  if (code === 'http') return i18n.t('errors.http', { status: serverMessage });
  const key = `errors.${code}`;
  if (!i18n.has(key)) return serverMessage;
  if (!CLIENT_CODES.has(code) && i18n.locale.value === 'en' && serverMessage) return serverMessage;
  return i18n.t(key);
}
