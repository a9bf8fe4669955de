/**
 * A page's first <video> costs Chromium a UA stylesheet of its own (the media elements'), parsed and
 * added to its rules in the style pass that first meets one, and its first <select> another: 10–18
 * ms of style and layout together on the bench machine, against 3–4 ms for the same elements once
 * warmed (bench/first-element-styles.ts; docs/benchmarks.md, "A twenty-sixth session"). A guest who pressed Join at once met both in the
 * join's busiest milliseconds (the room's tiles and controls), in the style pass of its longest
 * tasks. A page that will join styles one of each, out of sight, once the pre-join page is drawn.
 * Framework-free.
 */
import { afterNextFrameIf } from '../app/next-task.ts';

let warmed = false;

/** Styles one hidden <video> and <select> and takes them away, once per page; false when it did nothing. */
export function warmUpElementStyles(doc: Document | undefined = globalThis.document): boolean {
  if (warmed || !doc?.body) return false;
  warmed = true;
  const elements = [doc.createElement('video'), doc.createElement('select')];
  for (const element of elements) {
    element.hidden = true;
    element.setAttribute('aria-hidden', 'true');
    doc.body.append(element);
  }
  // Reading a computed style has the browser style them now, in this task.
  for (const element of elements) getComputedStyle(element).display;
  for (const element of elements) element.remove();
  return true;
}

/**
 * `warmUpElementStyles` in a task after the page's next frame, if `stillWanted()` then (a guest who
 * pressed Join meanwhile is past it). Returns a function that cancels it.
 */
export function warmUpElementStylesAfterDraw(stillWanted: () => boolean, frame?: () => Promise<void>): () => void {
  return afterNextFrameIf(stillWanted, () => warmUpElementStyles(), frame);
}
