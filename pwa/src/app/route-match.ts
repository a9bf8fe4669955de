/** Which page a URL is (pure; createRouter in router.ts follows the browser's location). */
export type Route =
  | { name: 'home' }
  | { name: 'signin' }
  | { name: 'signup' }
  | { name: 'account' }
  | { name: 'admin' }
  | { name: 'meeting'; meetingId: string; invite: string | null }
  /** `/m/<id>` whose id is not a meeting id at all (`/m/%zz` does not decode): no request is made. */
  | { name: 'meeting-not-found'; path: string }
  | { name: 'not-found'; path: string };

export function matchRoute(pathname: string, search = ''): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
  if (pathname === '/signin') return { name: 'signin' };
  if (pathname === '/signup') return { name: 'signup' };
  if (pathname === '/account') return { name: 'account' };
  if (pathname === '/admin') return { name: 'admin' };
  const meeting = /^\/m\/([^/]+)\/?$/.exec(pathname);
  if (meeting?.[1]) {
    const meetingId = safeDecode(meeting[1]);
    if (meetingId === null || meetingId.trim() === '') return { name: 'meeting-not-found', path: safeDecode(pathname) ?? pathname };
    return { name: 'meeting', meetingId, invite: queryParam(search, 'invite') };
  }
  return { name: 'not-found', path: safeDecode(pathname) ?? pathname };
}

/** `decodeURIComponent` that answers null instead of throwing on a malformed escape (`%zz`, a lone `%`, half a UTF-8 sequence). */
export function safeDecode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** One query parameter; `URLSearchParams` replaces bad escapes rather than throwing, and an empty value counts as absent. */
export function queryParam(search: string, name: string): string | null {
  const value = new URLSearchParams(search).get(name);
  return value ? value : null;
}
