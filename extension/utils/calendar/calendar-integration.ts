import type { CreateMeetingBody } from '@shared/api/meetings';
import type { MeetingWithLink } from '../meetings/meetings-service.ts';
import { findMeetingLinks } from '../meetings/meeting-links.ts';
import { addMeetingRoom } from './add-meeting-room.ts';
import type { CalendarPage, EventSurface } from './calendar-page.ts';
import { BAR_ATTRIBUTE, barKey, createBar, setBarStatus, type BarState } from './meeting-bar.ts';

export interface CalendarIntegrationDeps {
  doc: Document;
  /** Which calendar's markup: `googleCalendarPage` or `outlookCalendarPage`. */
  page: CalendarPage;
  /** The meeting server's origin: links to its rooms get "Enter call". */
  origin: string;
  createMeeting(body: CreateMeetingBody): Promise<MeetingWithLink>;
  now?: () => Date;
}

/**
 * Keeps our bar in every event surface of a calendar: "Enter call" where the event holds one of our
 * room links, "Add meeting room" in an editor without one. Calendars re-render without page loads,
 * so `scan` runs on every DOM change; it is idempotent (a bar is only touched when its state changes)
 * and never throws.
 */
export function createCalendarIntegration({ doc, page, origin, createMeeting, now = () => new Date() }: CalendarIntegrationDeps) {
  let currentOrigin = origin;

  function desiredState(surface: EventSurface): BarState | null {
    const [link] = findMeetingLinks(surface.text(), currentOrigin);
    if (link) return { kind: 'enter', url: link };
    return surface.editor?.() ? { kind: 'add' } : null;
  }

  async function onAdd(bar: HTMLElement, surface: EventSurface) {
    const editor = surface.editor?.();
    if (!editor) return setBarStatus(bar, 'The event editor is no longer open.', { error: true });
    setBarStatus(bar, 'Creating the meeting room…', { busy: true });
    try {
      await addMeetingRoom(editor, createMeeting, now());
      setBarStatus(bar, 'Added. Save the event to keep the link.');
      scan();
    } catch (error) {
      setBarStatus(bar, (error as Error).message || 'The meeting room could not be created.', { error: true });
    }
  }

  function update(surface: EventSurface) {
    const existing = surface.root.querySelector<HTMLElement>(`[${BAR_ATTRIBUTE}]`);
    if (existing?.hasAttribute('data-busy')) return;
    const state = desiredState(surface);
    if (!state) return existing?.remove();
    if (existing?.getAttribute(BAR_ATTRIBUTE) === barKey(state)) return;
    const bar = createBar(doc, state, (b) => void onAdd(b, surface));
    const note = existing?.querySelector('[data-meeting-room-status]')?.textContent;
    if (existing) existing.replaceWith(bar);
    else surface.mount(bar);
    if (note) setBarStatus(bar, note);
  }

  function scan() {
    try {
      for (const surface of page.surfaces(doc)) update(surface);
    } catch (error) {
      // Calendar changed in a way we did not foresee: leave it alone.
      console.warn(`[meeting-room] could not update ${page.name}`, error);
    }
  }

  /** Watches the page; returns a function that stops watching. */
  function watch(): () => void {
    const observer = new MutationObserver((records) => {
      if (records.every(isOwnChange)) return;
      scan();
    });
    observer.observe(doc.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-viewfamily'] });
    // Typing a link into the location changes no DOM: look again after input.
    const onInput = () => scan();
    doc.addEventListener('input', onInput, true);
    scan();
    return () => {
      observer.disconnect();
      doc.removeEventListener('input', onInput, true);
    };
  }

  return {
    scan,
    watch,
    setOrigin(origin: string) {
      currentOrigin = origin;
      scan();
    },
  };
}

/** A mutation made by our bar (its status text, a bar added or replaced) needs no new scan. */
function isOwnChange(record: MutationRecord): boolean {
  if (record.type !== 'childList') return false;
  if (inBar(record.target)) return true;
  const nodes = [...record.addedNodes, ...record.removedNodes];
  return nodes.length > 0 && nodes.every((n) => n instanceof Element && n.hasAttribute(BAR_ATTRIBUTE));
}

const inBar = (node: Node) => (node instanceof Element ? node : node.parentElement)?.closest(`[${BAR_ATTRIBUTE}]`) != null;
