const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export type OriginResult = { ok: true; origin: string } | { ok: false; message: string };

/**
 * What the user typed as the server address → an origin. Accepts `meet.example.com` (https is
 * assumed, http for localhost), a full URL or a pasted room link (its origin is kept).
 */
export function parseServerOrigin(input: string): OriginResult {
  const text = input.trim();
  if (!text) return { ok: false, message: 'Enter the address of your meeting server, e.g. https://meet.example.com.' };
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `${guessScheme(text)}://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { ok: false, message: `"${text}" is not a web address. Example: https://meet.example.com.` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, message: 'The server address must start with https:// (or http:// for a local server).' };
  }
  if (url.protocol === 'http:' && !LOCAL_HOSTS.has(url.hostname)) {
    return { ok: false, message: 'Use https:// for a server that is not on this computer: calls need a secure page.' };
  }
  return { ok: true, origin: url.origin };
}

const guessScheme = (text: string) => (LOCAL_HOSTS.has(text.split(/[:/]/)[0] ?? '') ? 'http' : 'https');

/** The match pattern that asks Chrome for access to a server's API. */
export const originPermissionPattern = (origin: string) => `${origin}/*`;
