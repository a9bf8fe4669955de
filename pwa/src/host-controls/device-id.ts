const KEY = 'device-id';

/**
 * A random id for this browser (localStorage, shared by its tabs), sent as `X-Device-Id`,
 * so the server recognises a guest the host removed when they come back with the same link.
 * Not a secret and not a fingerprint: clearing the site's data makes a new one.
 */
export function deviceId(storage: Storage | null = typeof localStorage === 'undefined' ? null : localStorage): string {
  try {
    const known = storage?.getItem(KEY);
    if (known && /^[A-Za-z0-9_-]{16,64}$/.test(known)) return known;
    const fresh = randomId();
    storage?.setItem(KEY, fresh);
    return fresh;
  } catch {
    return randomId(); // storage blocked: this page only
  }
}

function randomId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
