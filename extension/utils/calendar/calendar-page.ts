import type { EventTimeText } from './event-time.ts';

/**
 * Everything this extension knows about Google Calendar's markup. Calendar's class names are
 * generated and change; its element ids (`xDetDlg…`, `x…In`) and ARIA labels have been stable for
 * years. When Calendar changes, this file is the one to fix; every function fails soft (returns null
 * or an empty list) so a change never breaks Calendar itself.
 */
export const SELECTORS = {
  /** The event detail popup, in the calendar views. */
  detailDialog: '#xDetDlg',
  detailLocation: '#xDetDlgLoc',
  detailDescription: '#xDetDlgDesc',
  /** The event's full page (editor, or read-only for guests): its details panel. */
  editorPanel: '#tabEventDetails',
  editorTitle: 'input#xTiIn, #xTiIn input, input[aria-label="Title"], input[aria-label="Add title"]',
  editorLocationField: '#xLocIn',
  editorLocationInput: '#xLocIn input[role="combobox"], #xLocIn input:not([disabled]):not([aria-hidden="true"])',
  editorDescriptionField: '#xDescIn',
  editorDescriptionInput: '#xDescIn [contenteditable="true"], [contenteditable="true"][aria-label="Description"]',
  editorStartDate: '#xStDaIn',
  editorStartTime: '#xStTiIn',
  editorEndDate: '#xEnDaIn',
  editorEndTime: '#xEnTiIn',
} as const;

export type CalendarView = 'EVENT' | 'EVENT_EDIT' | 'other';

/** Which of Calendar's root views is open (`<body data-viewfamily>`). */
export function calendarView(doc: Document): CalendarView {
  const family = doc.body?.dataset.viewfamily;
  return family === 'EVENT' || family === 'EVENT_EDIT' ? family : 'other';
}

/** A place where an event shows: where our button goes, and the text that may hold a link. */
export interface EventSurface {
  kind: 'popup' | 'page';
  root: Element;
  /** Location and description as text, plus the targets of their links. */
  text(): string;
  /** Puts our bar in its place (once; the caller checks for an existing one). */
  mount(bar: Element): void;
}

/** The open event detail popups (normally one). */
export function findEventPopups(doc: Document): EventSurface[] {
  return [...doc.querySelectorAll(SELECTORS.detailDialog)].map((root) => ({
    kind: 'popup',
    root,
    text: () => textOf([root.querySelector(SELECTORS.detailLocation), root.querySelector(SELECTORS.detailDescription)]),
    mount(bar) {
      const anchor = root.querySelector(SELECTORS.detailLocation) ?? root.querySelector(SELECTORS.detailDescription);
      if (anchor) anchor.before(bar);
      else root.append(bar);
    },
  }));
}

/** The event's full page, when it is open. */
export function findEventPage(doc: Document): EventSurface | null {
  const location = doc.querySelector(SELECTORS.editorLocationField);
  const description = doc.querySelector(SELECTORS.editorDescriptionField);
  const anchor = location ?? description;
  if (!anchor) return null;
  const panel = doc.querySelector(SELECTORS.editorPanel);
  return {
    kind: 'page',
    root: panel ?? anchor.parentElement ?? anchor,
    text: () => textOf([location, description]),
    mount(bar) {
      // After the location's row: the direct child of the details panel that holds it.
      let row: Element = anchor;
      while (panel && row.parentElement && row.parentElement !== panel) row = row.parentElement;
      row.after(bar);
    },
  };
}

/** The editor's writable fields; null when the page is read-only (the user cannot edit the event). */
export interface EventEditor {
  title(): string;
  time(): EventTimeText;
  location: HTMLInputElement;
  description: HTMLElement | null;
}

export function findEventEditor(doc: Document): EventEditor | null {
  const location = doc.querySelector<HTMLInputElement>(SELECTORS.editorLocationInput);
  if (!location) return null;
  return {
    title: () => doc.querySelector<HTMLInputElement>(SELECTORS.editorTitle)?.value.trim() ?? '',
    time: () => ({
      startDate: dateOf(doc.querySelector(SELECTORS.editorStartDate)),
      startTime: fieldValue(doc.querySelector(SELECTORS.editorStartTime)),
      endDate: dateOf(doc.querySelector(SELECTORS.editorEndDate)),
      endTime: fieldValue(doc.querySelector(SELECTORS.editorEndTime)),
    }),
    location,
    description: doc.querySelector<HTMLElement>(SELECTORS.editorDescriptionInput),
  };
}

function textOf(elements: (Element | null)[]): string {
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

const fieldValue = (el: Element | null) =>
  el ? ('value' in el && typeof el.value === 'string' ? el.value : (el.textContent ?? '')).trim() || undefined : undefined;

/** Calendar puts a `data-date="YYYYMMDD"` on its date fields in some versions: exact, when there. */
const dateOf = (el: Element | null) =>
  el?.getAttribute('data-date') ?? el?.closest('[data-date]')?.getAttribute('data-date') ?? fieldValue(el);
