import { signal, type ReadonlySignal } from '@preact/signals';
import { matchRoute, type Route } from './route-match.ts';

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
