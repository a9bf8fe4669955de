import type { Page, Viewport } from 'puppeteer-core';

/** The three sizes the room and the overview are held to: a laptop, an iPhone 13, a small Android phone. */
export const SIZES: { name: string; viewport: Viewport; touch: boolean }[] = [
  { name: 'desktop 1280×800', viewport: { width: 1280, height: 800 }, touch: false },
  { name: 'phone 390×844', viewport: { width: 390, height: 844, deviceScaleFactor: 3, isMobile: true, hasTouch: true }, touch: true },
  { name: 'small phone 360×640', viewport: { width: 360, height: 640, deviceScaleFactor: 2, isMobile: true, hasTouch: true }, touch: true },
];

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The page box of the first element matching `selector` (null when absent or not rendered). */
export const boxOf = (page: Page, selector: string): Promise<Box | null> =>
  page.evaluate((s) => {
    const el = document.querySelector(s);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return r.width || r.height ? { x: r.x, y: r.y, width: r.width, height: r.height } : null;
  }, selector);

/** How far the document is wider than the viewport (0 when nothing scrolls sideways). */
export const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

/** Descendants of `container` whose box sticks out of it (more than half a pixel), described for a failure message. */
export const sticksOut = (page: Page, container: string): Promise<string[]> =>
  page.evaluate((s) => {
    const outer = document.querySelector(s)!.getBoundingClientRect();
    return [...document.querySelector(s)!.querySelectorAll('*')]
      .filter((el) => {
        const r = el.getBoundingClientRect();
        if (!r.width && !r.height) return false;
        return r.left < outer.left - 0.5 || r.right > outer.right + 0.5;
      })
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).replace(/\s+/g, '.')}` : ''} ${el.getAttribute('name') ?? ''}`,
      );
  }, container);

/** Visible controls (matching `selector`) smaller than `min` px either way: "label w×h". */
export const smallTargets = (page: Page, selector: string, min = 44): Promise<string[]> =>
  page.evaluate(
    (s, m) =>
      [...document.querySelectorAll<HTMLElement>(s)]
        .filter((el) => el.offsetParent !== null || getComputedStyle(el).position === 'fixed')
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .filter(({ r }) => r.width > 0 && (r.width < m - 0.5 || r.height < m - 0.5))
        .map(({ el, r }) => `${el.getAttribute('aria-label') ?? el.textContent?.trim()} ${Math.round(r.width)}×${Math.round(r.height)}`),
    selector,
    min,
  );

/** Whether two boxes overlap (by more than a pixel). */
export const overlaps = (a: Box, b: Box) =>
  a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;

/** WCAG contrast ratio of an element's text colour on its background colour (both opaque, as computed). */
export const contrastOf = (page: Page, selector: string): Promise<number> =>
  page.$eval(selector, (el) => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
    const lum = (c: number[]) => {
      const [r, g, b] = c.map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      }) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const style = getComputedStyle(el);
    const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  });
