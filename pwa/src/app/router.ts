import { signal, type ReadonlySignal } from '@preact/signals';

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

/** The current route as a signal; `navigate` uses the History API and same-origin links are intercepted. */
export function createRouter(win: Window = window) {
  const read = () => matchRoute(win.location.pathname, win.location.search);
  const route = signal<Route>(read());
  win.addEventListener('popstate', () => (route.value = read()));
  const navigate = (path: string) => {
    win.history.pushState(null, '', path);
    route.value = read();
    win.scrollTo(0, 0);
  };
  win.document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!link || link.target || link.hasAttribute('download') || link.origin !== win.location.origin) return;
    // Entering a call loads the page afresh: a clean media and connection state.
    if (/^\/m\//.test(link.pathname)) return;
    event.preventDefault();
    navigate(link.pathname + link.search);
  });
  return { route: route as ReadonlySignal<Route>, navigate };
}

export type Router = ReturnType<typeof createRouter>;
