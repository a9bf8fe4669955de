/** The tab's icon (the app's mark; public/favicon.svg). */
export const PAGE_ICON = '/favicon.svg';

/**
 * Gives the page its icon. index.html names an empty one (`data:,`), so that neither the browser's
 * own `/favicon.ico` request nor the icon's decoding (an SVG is a document of its own: Chromium
 * built it on the main thread in 8–25 ms, sometimes twice, while a guest's pre-join page loaded and
 * its join began) comes while a page loads or joins: main.tsx sets the real one once the page is quiet
 * (`whenQuiet`, as the service worker's install: on a meeting page 2 s after the call is up, or about
 * 12 s into the pre-join page; the tab shows the browser's default icon until then).
 */
export function showPageIcon(doc: Document = document, href = PAGE_ICON): void {
  let link = doc.querySelector<HTMLLinkElement>('link[rel="icon"]');
  if (!link) {
    link = doc.createElement('link');
    link.rel = 'icon';
    doc.head.append(link);
  }
  link.type = 'image/svg+xml';
  link.href = href;
}
