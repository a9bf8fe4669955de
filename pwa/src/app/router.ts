import { signal, type ReadonlySignal } from '@preact/signals';

export type Route =
  | { name: 'home' }
  | { name: 'meeting'; meetingId: string }
  | { name: 'not-found'; path: string };

export function matchRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { name: 'home' };
  const meeting = /^\/m\/([^/]+)\/?$/.exec(pathname);
  if (meeting?.[1]) return { name: 'meeting', meetingId: decodeURIComponent(meeting[1]) };
  return { name: 'not-found', path: pathname };
}

/** The current route as a signal; `navigate` uses the History API. */
export function createRouter(win: Window = window) {
  const route = signal<Route>(matchRoute(win.location.pathname));
  win.addEventListener('popstate', () => (route.value = matchRoute(win.location.pathname)));
  return {
    route: route as ReadonlySignal<Route>,
    navigate(path: string) {
      win.history.pushState(null, '', path);
      route.value = matchRoute(new URL(path, win.location.href).pathname);
    },
  };
}

export type Router = ReturnType<typeof createRouter>;
