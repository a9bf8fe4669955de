// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, test, vi } from 'vitest';
import { googleCalendarPage } from './google-calendar-page.ts';
import {
  calendarLinkHtml,
  eventGuestPageHtml,
  eventPopupHtml,
  eventPopupNoIdHtml,
  type FixtureEvent,
} from '../../../test/extension/calendar/fixtures.ts';
import { startTestCalendar, TEST_ORIGIN } from '../../../test/extension/calendar/test-calendar.ts';

const ORIGIN = TEST_ORIGIN;
const ROOM = `${ORIGIN}/m/abcdefgh12`;

function setup(view: 'EVENT' | 'EVENT_EDIT', html: string) {
  document.body.dataset.viewfamily = view;
  return startTestCalendar(googleCalendarPage, html).calendar;
}

const enterLinks = () => [...document.querySelectorAll<HTMLAnchorElement>('[data-meeting-room-action=enter-call]')];
const inLocation: FixtureEvent = { title: 'Customer call', location: ROOM, descriptionHtml: 'Agenda' };
const inDescription: FixtureEvent = { title: 'Customer call', location: 'Room 4', descriptionHtml: `Join: ${calendarLinkHtml(ROOM)}` };

beforeEach(() => {
  document.body.innerHTML = '';
});

/** Issue 23, defect 1: each way of finding the popover works on its own, on a fixture where only it can. */
describe('Google Calendar: the popover, whatever carries it', () => {
  test.each([
    ['the ids (#xDetDlg)', () => eventPopupHtml(inDescription), 'popup by id'],
    ['[role=dialog][data-eventid], no ids', () => eventPopupNoIdHtml(inDescription), 'popup by role and data-eventid'],
    [
      '[role=dialog] with the room link in its details, neither ids nor data-eventid',
      () => eventPopupNoIdHtml(inDescription, { withEventId: false }),
      'dialog holding the link',
    ],
    ['no ids, the link in the location', () => eventPopupNoIdHtml(inLocation), 'popup by role and data-eventid'],
  ])('%s: one Enter call, inside the dialog', (_name, html, strategy) => {
    const calendar = setup('EVENT', html());
    expect(googleCalendarPage.surfaces(document).map((s) => s.strategy)).toEqual([strategy]);
    calendar.scan();
    calendar.scan();
    expect(enterLinks().map((a) => a.href)).toEqual([ROOM]);
    expect(enterLinks()[0]!.closest('[role=dialog]')).not.toBeNull();
  });
});

/** Issue 23, defect 2: a click on Enter call reaches only us (not the location row that opens Maps). */
describe('Google Calendar: Enter call is clicked alone', () => {
  test.each([
    ['the popover with ids', () => eventPopupHtml(inLocation)],
    ['the popover without ids', () => eventPopupNoIdHtml(inLocation)],
    ['the guest page', () => eventGuestPageHtml(inLocation)],
  ])('%s: no handler of Calendar fires', (_name, html) => {
    const calendar = setup('EVENT', html());
    calendar.scan();
    const maps = vi.fn();
    const calendarDelegate = vi.fn();
    for (const row of document.querySelectorAll('[data-fixture=maps]')) row.addEventListener('click', maps);
    // Calendar's jsaction dispatches from listeners on the document.
    document.addEventListener('click', calendarDelegate);
    document.addEventListener('mousedown', calendarDelegate);
    const link = enterLinks()[0]!;
    expect(link.closest('[role=button]')).toBeNull();
    link.addEventListener('click', (e) => e.preventDefault()); // no navigation in the test
    link.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }));
    link.click();
    expect(maps).not.toHaveBeenCalled();
    expect(calendarDelegate).not.toHaveBeenCalled();
    document.removeEventListener('click', calendarDelegate);
    document.removeEventListener('mousedown', calendarDelegate);
  });
});

/** Issue 23, defect 3: an invited guest's read-only event page gets Enter call. */
describe("Google Calendar: a guest's read-only event page", () => {
  it('shows Enter call for a link in the description (#xDesc)', () => {
    const calendar = setup('EVENT', eventGuestPageHtml(inDescription));
    expect(googleCalendarPage.surfaces(document).map((s) => s.strategy)).toEqual(['guest page by id']);
    calendar.scan();
    expect(enterLinks().map((a) => a.href)).toEqual([ROOM]);
    expect(document.querySelector('[data-meeting-room-action=add-meeting-room]')).toBeNull();
  });

  it('shows Enter call for a link in the location, and nothing for an event without one', () => {
    const calendar = setup('EVENT', eventGuestPageHtml(inLocation));
    calendar.scan();
    expect(enterLinks().map((a) => a.href)).toEqual([ROOM]);
    document.body.innerHTML = eventGuestPageHtml({ title: 'Lunch', location: 'Canteen', descriptionHtml: 'Bring a friend' });
    calendar.scan();
    expect(document.querySelectorAll('[data-meeting-room-bar]')).toHaveLength(0);
  });
});
