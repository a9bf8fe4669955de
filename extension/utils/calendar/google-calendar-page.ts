import {
  distinctRoots,
  eventView,
  fieldValue,
  outsideControls,
  rowOf,
  textOf,
  type CalendarPage,
  type EventEditor,
  type EventSurface,
} from './calendar-page.ts';

/**
 * Everything this extension knows about Google Calendar's markup. Calendar's class names are
 * generated and change; its ids (`xDetDlg…`, `x…In`), roles, `data-eventid` and ARIA labels last
 * longer, but not forever: in October 2026 the week view's popover came as a `[role=dialog]` with
 * `data-eventid` and no id. So each surface is found by several strategies, the ids being one of
 * them, and the last resort is any dialog that holds one of our room links. When Calendar changes,
 * this file is the one to fix (and `test/extension/calendar/` gets a fixture of the new markup).
 */
export const GOOGLE_SELECTORS = {
  /** The event popover in the calendar views: by id, by role + event id, or any dialog. */
  popupById: '#xDetDlg',
  popupByEventId: '[role="dialog"][data-eventid], [data-eventid] > [role="dialog"]',
  anyDialog: '[role="dialog"]',
  popupLocation: '#xDetDlgLoc',
  popupDescription: '#xDetDlgDesc',
  /** The event's full page as its guest sees it (read-only). */
  guestDescription: '#xDesc',
  guestOnCalendar: '#xOnCal',
  guestRoot: '[data-eventid], [role="main"]',
  /** The event's full page in the editor: its details panel and fields. */
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
  /** Anything of Calendar we know: days of the grid (an empty week too), events, a popover, an event page. */
  anything: '[data-datekey], [data-eventid], #xDetDlg, #xLocIn, #xDescIn, #xDesc, #xOnCal',
} as const;

const S = GOOGLE_SELECTORS;

export type CalendarView = 'EVENT' | 'EVENT_EDIT' | 'other';

/** Which of Calendar's root views is open (`<body data-viewfamily>`). */
export function calendarView(doc: Document): CalendarView {
  const family = doc.body?.dataset.viewfamily;
  return family === 'EVENT' || family === 'EVENT_EDIT' ? family : 'other';
}

/** The popover strategies, most specific first. */
export const POPUP_STRATEGIES = [
  { name: 'popup by id', selector: S.popupById },
  { name: 'popup by role and data-eventid', selector: S.popupByEventId },
  { name: 'dialog holding the link', selector: S.anyDialog },
] as const;

/** The open event popovers (normally one). */
export function findEventPopups(doc: Document): EventSurface[] {
  // The bar goes before the location row (itself a button that opens Maps), or at the popover's end.
  const found = POPUP_STRATEGIES.flatMap(({ name, selector }) =>
    [...doc.querySelectorAll(selector)].map((root) => eventView(root, name, [S.popupLocation, S.popupDescription])),
  );
  return distinctRoots(found);
}

/** The event's page: its editor, or the read-only page a guest sees. */
export function findEventPage(doc: Document): EventSurface | null {
  return findEditorPage(doc) ?? findGuestPage(doc);
}

function findEditorPage(doc: Document): EventSurface | null {
  const location = doc.querySelector(S.editorLocationField);
  const description = doc.querySelector(S.editorDescriptionField);
  const anchor = location ?? description;
  if (!anchor) return null;
  const panel = doc.querySelector(S.editorPanel);
  return {
    kind: 'page',
    strategy: 'editor by id',
    root: panel ?? anchor.parentElement ?? anchor,
    text: () => textOf([location, description]),
    // After the location's row: the direct child of the details panel that holds it.
    mount: (bar) => (panel ? rowOf(anchor, panel) : anchor).after(bar),
    editor: () => findEventEditor(doc),
  };
}

function findGuestPage(doc: Document): EventSurface | null {
  const anchor = doc.querySelector(S.guestDescription) ?? doc.querySelector(S.guestOnCalendar);
  if (!anchor) return null;
  const root = anchor.closest(S.guestRoot) ?? anchor.parentElement ?? anchor;
  return {
    kind: 'page',
    strategy: 'guest page by id',
    root,
    text: () => textOf([root]),
    // Before the description's row, outside the location row (a button that opens Maps).
    mount: (bar) => outsideControls(rowOf(anchor, root), root).before(bar),
  };
}

export function findEventEditor(doc: Document): EventEditor | null {
  const location = doc.querySelector<HTMLInputElement>(S.editorLocationInput);
  if (!location) return null;
  return {
    title: () => doc.querySelector<HTMLInputElement>(S.editorTitle)?.value.trim() ?? '',
    time: () => ({
      startDate: dateOf(doc.querySelector(S.editorStartDate)),
      startTime: fieldValue(doc.querySelector(S.editorStartTime)),
      endDate: dateOf(doc.querySelector(S.editorEndDate)),
      endTime: fieldValue(doc.querySelector(S.editorEndTime)),
    }),
    location,
    description: doc.querySelector<HTMLElement>(S.editorDescriptionInput),
  };
}

/** Calendar puts a `data-date="YYYYMMDD"` on its date fields in some versions: exact, when there. */
const dateOf = (el: Element | null) =>
  el?.getAttribute('data-date') ?? el?.closest('[data-date]')?.getAttribute('data-date') ?? fieldValue(el);

/** Google Calendar (`calendar.google.com`). */
export const googleCalendarPage: CalendarPage = {
  id: 'google',
  name: 'Google Calendar',
  surfaces: (doc) => [...findEventPopups(doc), findEventPage(doc)].filter((s): s is EventSurface => s !== null),
  recognises: (doc) => doc.querySelector(S.anything) !== null,
  // Calendar's settings pages show no events: nothing there to judge.
  inCalendar: (doc) => !/\/settings(\/|$)/.test(doc.defaultView?.location.pathname ?? ''),
};
