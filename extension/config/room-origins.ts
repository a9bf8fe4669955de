/**
 * Which origins may talk to the extension as a meeting room (externally_connectable), get the
 * room-bridge content script, and be called without asking (host permissions).
 *
 * Chrome reads `externally_connectable` from the manifest only, so it cannot follow the server address
 * chosen on the options page. We cover local servers (`http://localhost/*`, `http://127.0.0.1/*`: a
 * match pattern without a port matches every port) and the origins given at build time in
 * `WXT_ROOM_ORIGINS` (comma-separated, e.g. `https://meet.example.com`). Any other server still works
 * for sign-in, Calendar and the popup (the options page asks for its host permission), but its rooms
 * fall back to the browser's picker for sharing.
 *
 * Runs in Node (wxt.config.ts) and in the bundle (content script options): no imports.
 */
export const LOCAL_ROOM_MATCHES = ['http://localhost/*', 'http://127.0.0.1/*'] as const;

/** `https://meet.example.com` → `https://meet.example.com/*`; throws on anything but an http(s) origin. */
export function originToMatchPattern(origin: string): string {
  const url = new URL(origin.trim());
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`not an http(s) origin: ${origin}`);
  if (url.pathname !== '/' || url.search || url.hash) throw new Error(`an origin has no path: ${origin}`);
  // Match patterns carry no port: a pattern without one matches every port of that host.
  return `${url.protocol}//${url.hostname}/*`;
}

/** The match patterns for room pages: the local ones plus those of `extraOrigins` (comma-separated). */
export function roomMatchPatterns(extraOrigins: string | undefined = ''): string[] {
  const extra = extraOrigins
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(originToMatchPattern);
  return [...new Set([...LOCAL_ROOM_MATCHES, ...extra])];
}

/**
 * Whether a page is a meeting room the extension should talk to: exactly the server chosen on the
 * options page, or one of the build's origins (scheme, host and port; the manifest's patterns cannot
 * say a port, so this is checked at run time).
 */
export function isRoomOrigin(pageOrigin: string, serverOrigin: string, buildOrigins: string | undefined = ''): boolean {
  const page = normalOrigin(pageOrigin);
  if (!page) return false;
  const allowed = [serverOrigin, ...buildOrigins.split(',')].map(normalOrigin);
  return allowed.includes(page);
}

function normalOrigin(text: string): string | null {
  try {
    const url = new URL(text.trim());
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.origin : null;
  } catch {
    return null;
  }
}
