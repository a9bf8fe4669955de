// Loaded by the service worker (Workbox's importScripts) before its routes, so this listener runs first.
// A navigation inside a frame (a meeting embedded in another site's page with /embed.js) goes to the
// network, not to the precached shell: the shell carries the app's own `frame-ancestors 'none'`, while
// the server answers a meeting's page with the origins its host allows (server/embed/frame-ancestors.ts).
self.addEventListener('fetch', (event) => {
  if (event.request.mode === 'navigate' && event.request.destination === 'iframe') event.stopImmediatePropagation();
});
