import type { EventTimeText } from './event-time.ts';

/**
 * What the integration needs from a calendar's web app, whichever it is. Each calendar's markup is
 * in one file (`google-calendar-page.ts`, `outlook-calendar-page.ts`) that finds its surfaces with
 * several strategies (ids, roles, data attributes, the room link itself), so one renamed id does
 * not make Enter call vanish. Every function fails soft: null or an empty list, never a throw.
 */
export interface CalendarPage {
  id: CalendarId;
  /** As the user knows it: "Google Calendar", "Outlook". */
  name: string;
  /** The event popovers and pages open now, each found by one named strategy. */
  surfaces(doc: Document): EventSurface[];
  /**
   * Whether any strategy still recognises something of the calendar (an event, a popover, an
   * editor). A calendar page where none does for a while has probably changed its markup.
   */
  recognises(doc: Document): boolean;
  /** Whether the page shows the calendar (Outlook's mail is the same app, at another path). */
  inCalendar(doc: Document): boolean;
}

export type CalendarId = 'google' | 'outlook';

/** A place where an event shows: where our bar goes, and the text that may hold a room link. */
export interface EventSurface {
  kind: 'popup' | 'page';
  /** The strategy that found it (for tests and diagnostics). */
  strategy: string;
  root: Element;
  /** The event's text (location, description…) plus the targets of its links and inputs' values. */
  text(): string;
  /** Puts our bar in its place (once; the caller checks for an existing one). */
  mount(bar: Element): void;
  /** The event's writable fields when the surface is an editor; null when it is read-only. */
  editor?(): EventEditor | null;
}

/** An editor's writable fields. */
export interface EventEditor {
  title(): string;
  time(): EventTimeText;
  location: HTMLInputElement;
  description: HTMLElement | null;
}

/**
 * A popover or a read-only event view: the whole of `root` is its text; the bar goes before the
 * first of `anchors` found (outside any control around it), else at the end of `root`.
 */
export function eventView(root: Element, strategy: string, anchors: string[]): EventSurface {
  return {
    kind: 'popup',
    strategy,
    root,
    text: () => textOf([root]),
    mount(bar) {
      const anchor = anchors.map((selector) => root.querySelector(selector)).find((el) => el !== null);
      if (anchor) outsideControls(anchor, root).before(bar);
      else root.append(bar);
    },
  };
}

/** The text of `elements`, their inputs' values and their links' targets. */
export function textOf(elements: (Element | null | undefined)[]): string {
  const parts: string[] = [];
  for (const el of elements) {
    if (!el) continue;
    parts.push(el.textContent ?? '');
    for (const input of el.querySelectorAll('input')) parts.push(input.value);
    if (el.matches('input')) parts.push((el as HTMLInputElement).value);
    for (const link of el.querySelectorAll('a[href]')) parts.push(link.getAttribute('href') ?? '');
  }
  return parts.join('\n');
}

/** What reacts to a click: a bar inside one of these would also trigger it (Maps, an editor…). */
const CONTROL = 'a[href], button, [role="button"], [role="link"], [role="option"], [jsaction*="click"], [onclick]';

/**
 * Where a bar may go next to `anchor` inside `root`: before the outermost control around the
 * anchor (so a click on the bar is never also a click on the control), else before the anchor.
 */
export function outsideControls(anchor: Element, root: Element): Element {
  let place = anchor;
  for (let el: Element | null = anchor; el && el !== root; el = el.parentElement) if (el.matches(CONTROL)) place = el;
  return place;
}

/** The child of `root` that holds `el` (its row), or `el` when it is not inside `root`. */
export function rowOf(el: Element, root: Element): Element {
  let row = el;
  while (row.parentElement && row.parentElement !== root) row = row.parentElement;
  return row.parentElement === root ? row : el;
}

/** Keeps the first of nested or repeated roots (two strategies finding one popover). */
export function distinctRoots<T extends { root: Element }>(found: T[]): T[] {
  const kept: T[] = [];
  for (const item of found) if (!kept.some((k) => k.root.contains(item.root) || item.root.contains(k.root))) kept.push(item);
  return kept;
}

export const fieldValue = (el: Element | null) =>
  el ? ('value' in el && typeof el.value === 'string' ? el.value : (el.textContent ?? '')).trim() || undefined : undefined;
