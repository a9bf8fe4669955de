import {
  distinctRoots,
  eventView,
  fieldValue,
  outsideControls,
  textOf,
  type CalendarPage,
  type EventEditor,
  type EventSurface,
} from './calendar-page.ts';

/**
 * Everything this extension knows about Outlook on the web's calendar (outlook.office.com,
 * outlook.office365.com, outlook.live.com). Outlook is a React app on Fluent UI: its class names are
 * generated (`ms-…`, `fui-…`, Griffel's `___1a2b3c`) and change with every release; what lasts is
 * roles and the ARIA labels of its fields ("Add a title", "Start date", "Search for a room or
 * location", the "Message body" editor), which its own accessibility and every automation of it
 * rely on. The same structure as `google-calendar-page.ts`: each surface by several strategies,
 * the last resort being a dialog that holds one of our room links. English labels only for now.
 */
export const OUTLOOK_SELECTORS = {
  /** The event composer (new event, or an event being edited): its fields. */
  composerTitle: 'input[aria-label="Add a title"], input[placeholder="Add a title"], input[aria-label="Title"]',
  composerRoot: '[role="dialog"], [role="main"], form',
  composerLocation:
    'input[aria-label="Search for a room or location"], input[placeholder="Search for a room or location"], ' +
    'input[aria-label="Add a location"], input[placeholder="Add a location"], input[aria-label="Location"]',
  composerBody:
    '[contenteditable="true"][aria-label="Message body"], [contenteditable="true"][aria-label="Event body"], [contenteditable="true"][role="textbox"]',
  composerStartDate: 'input[aria-label="Start date"]',
  composerStartTime: 'input[aria-label="Start time"]',
  composerEndDate: 'input[aria-label="End date"]',
  composerEndTime: 'input[aria-label="End time"]',
  /** The event's card (peek) when an event is clicked in the calendar, and its location row. */
  peek: '[role="dialog"]',
  peekLocation: '[aria-label^="Location"]',
  /** The event opened on its own (read-only reading view): its body. */
  readingBody: '[aria-label="Message body"]:not([contenteditable="true"]), [role="document"]',
  readingRoot: '[role="main"], [role="region"], [role="complementary"]',
  /** Anything of Outlook's calendar we know: the New event button (an empty week too), events, a card, a composer. */
  anything:
    'button[aria-label^="New event"], [data-calitemid], [role="button"][aria-roledescription="event"], [role="grid"] [role="button"][aria-label*=" event"], ' +
    'input[aria-label="Add a title"], input[aria-label="Start date"]',
} as const;

const S = OUTLOOK_SELECTORS;

/** The event composers open now (normally one). */
export function findComposers(doc: Document): EventSurface[] {
  return [...doc.querySelectorAll<HTMLInputElement>(S.composerTitle)].map((title) => {
    const root = title.closest(S.composerRoot) ?? doc.body;
    const fields = () => composerEditor(root, title);
    return {
      kind: 'page',
      strategy: 'composer by field labels',
      root,
      text: () => {
        const editor = fields();
        return textOf([editor?.location, editor?.description]);
      },
      mount(bar) {
        // After the location field (outside its combobox), else after the title.
        const location = root.querySelector(S.composerLocation);
        const field = location?.closest('[role="combobox"]') ?? location?.parentElement ?? title.parentElement ?? title;
        outsideControls(field, root).after(bar);
      },
      editor: fields,
    };
  });
}

function composerEditor(root: Element, title: HTMLInputElement): EventEditor | null {
  const location = root.querySelector<HTMLInputElement>(S.composerLocation);
  if (!location) return null;
  const value = (selector: string) => fieldValue(root.querySelector(selector));
  return {
    title: () => title.value.trim(),
    time: () => ({
      startDate: value(S.composerStartDate),
      startTime: value(S.composerStartTime),
      endDate: value(S.composerEndDate),
      endTime: value(S.composerEndTime),
    }),
    location,
    description: root.querySelector<HTMLElement>(S.composerBody),
  };
}

/** Event cards (peeks) and events opened read-only. */
export function findEventViews(doc: Document): EventSurface[] {
  // The bar goes before the location row (a button that opens the location card), else at the end.
  const peeks = [...doc.querySelectorAll(S.peek)].map((root) => eventView(root, 'card by role', [S.peekLocation]));
  const reading = [...doc.querySelectorAll(S.readingBody)].map((body) =>
    eventView(body.closest(S.readingRoot) ?? body.parentElement ?? body, 'reading view by body', [S.peekLocation]),
  );
  return [...peeks, ...reading];
}

/** Outlook on the web's calendar. The content script runs on the mail pages too (one app). */
export const outlookCalendarPage: CalendarPage = {
  id: 'outlook',
  name: 'Outlook',
  // Composers first: a composer shown in a dialog is a composer, not a card.
  surfaces: (doc) => distinctRoots([...findComposers(doc), ...findEventViews(doc)]),
  recognises: (doc) => doc.querySelector(S.anything) !== null,
  inCalendar: (doc) => /\/calendar(\/|$)/.test(doc.defaultView?.location.pathname ?? ''),
};
