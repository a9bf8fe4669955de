// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { googleCalendarPage } from './google-calendar-page.ts';
import { calendarLinkHtml, eventEditorHtml, eventPopupHtml } from '../../../test/extension/calendar/fixtures.ts';
import { startTestCalendar, TEST_ORIGIN } from '../../../test/extension/calendar/test-calendar.ts';

const ORIGIN = TEST_ORIGIN;
const ROOM = `${ORIGIN}/m/abcdefgh12`;

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function setup(view: 'EVENT' | 'EVENT_EDIT', html = '') {
  document.body.dataset.viewfamily = view;
  return startTestCalendar(googleCalendarPage, html);
}

const bars = () => document.querySelectorAll('[data-meeting-room-bar]');
const enterLinks = () => [...document.querySelectorAll<HTMLAnchorElement>('[data-meeting-room-action=enter-call]')];

describe('Calendar: event detail popup', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('adds one Enter call to a popup whose location holds a room link', () => {
    const { calendar } = setup('EVENT', eventPopupHtml({ title: 'Customer call', location: ROOM }));
    calendar.scan();
    calendar.scan();
    expect(bars()).toHaveLength(1);
    expect(enterLinks().map((a) => [a.href, a.target])).toEqual([[ROOM, '_blank']]);
    // The bar sits in the dialog, before the location's row (which opens Maps), not inside it.
    expect(document.querySelector('#xDetDlg [data-meeting-room-bar] + [role=button] #xDetDlgLoc')).not.toBeNull();
  });

  it("finds the link in the description, through Calendar's google.com/url redirect", () => {
    const { calendar } = setup('EVENT', eventPopupHtml({ title: 'Call', descriptionHtml: `Agenda<br>${calendarLinkHtml(ROOM)}` }));
    calendar.scan();
    expect(enterLinks().map((a) => a.href)).toEqual([ROOM]);
  });

  it('adds nothing to events without our links (other servers, other paths)', () => {
    const { calendar } = setup(
      'EVENT',
      eventPopupHtml({ title: 'Lunch', location: 'https://evil.example.com/m/abcdefgh12', descriptionHtml: `${ORIGIN}/admin` }),
    );
    calendar.scan();
    expect(bars()).toHaveLength(0);
  });

  it('adds the button when Calendar opens a popup later, once, whatever else Calendar changes', async () => {
    const { calendar } = setup('EVENT', '<div id="grid"></div>');
    const stop = calendar.watch();
    document.body.insertAdjacentHTML('beforeend', eventPopupHtml({ title: 'Call', location: ROOM }));
    await flush();
    expect(bars()).toHaveLength(1);
    document.querySelector('#grid')!.append(document.createElement('div'));
    document.querySelector('#xDetDlg')!.append(document.createElement('span'));
    await flush();
    expect(bars()).toHaveLength(1);
    // Calendar closes the popup and opens another event's.
    document.querySelector('#xDetDlg')!.parentElement!.remove();
    document.body.insertAdjacentHTML('beforeend', eventPopupHtml({ title: 'Other', location: `${ORIGIN}/m/otherroom99` }));
    await flush();
    expect(enterLinks().map((a) => a.href)).toEqual([`${ORIGIN}/m/otherroom99`]);
    stop();
  });

  it('follows a change of the server address', () => {
    const { calendar } = setup('EVENT', eventPopupHtml({ title: 'Call', location: 'https://other.example.org/m/abcdefgh12' }));
    calendar.scan();
    expect(bars()).toHaveLength(0);
    calendar.setOrigin('https://other.example.org');
    expect(bars()).toHaveLength(1);
  });
});

describe('Calendar: event page (editor)', () => {
  it('offers Add meeting room when the event has no room link yet', () => {
    const { calendar } = setup('EVENT_EDIT', eventEditorHtml({ title: 'Quarterly review' }));
    calendar.scan();
    expect(document.querySelectorAll('[data-meeting-room-action=add-meeting-room]')).toHaveLength(1);
    // After the location's row, inside the details tab.
    const bar = document.querySelector('[data-meeting-room-bar]')!;
    expect(bar.parentElement?.id).toBe('tabEventDetails');
    expect(bar.previousElementSibling?.querySelector('#xLocIn')).not.toBeNull();
  });

  it('shows Enter call instead when the location already holds a link', () => {
    const { calendar } = setup('EVENT_EDIT', eventEditorHtml({ title: 'Review', location: `Room 4, ${ROOM}` }));
    calendar.scan();
    expect(enterLinks().map((a) => a.href)).toEqual([ROOM]);
    expect(document.querySelector('[data-meeting-room-action=add-meeting-room]')).toBeNull();
  });

  it("Add meeting room: creates the meeting from the event's title and time, writes the link, then shows Enter call", async () => {
    const { calendar, createMeeting } = setup(
      'EVENT_EDIT',
      eventEditorHtml({ title: 'Quarterly review', location: 'Office', descriptionHtml: 'Agenda' }),
    );
    calendar.scan();
    document.querySelector<HTMLButtonElement>('[data-meeting-room-action=add-meeting-room]')!.click();
    await vi.waitFor(() => expect(enterLinks()).toHaveLength(1));
    expect(createMeeting).toHaveBeenCalledTimes(1);
    expect(createMeeting.mock.calls[0]![0]).toEqual({
      title: 'Quarterly review',
      startsAt: new Date(2026, 10, 25, 10, 0).toISOString(),
      durationMinutes: 45,
    });
    const url = `${ORIGIN}/m/newmeeting1`;
    expect(document.querySelector<HTMLInputElement>('#xLocIn input[aria-label=Location]')!.value).toBe(`Office, ${url}`);
    expect(document.querySelector('#xDescIn [contenteditable]')!.textContent).toContain(`Join the meeting room: ${url}`);
    expect(enterLinks().map((a) => a.href)).toEqual([url]);
    expect(bars()).toHaveLength(1);
    expect(document.querySelector('[data-meeting-room-status]')!.textContent).toMatch(/save the event/i);
  });

  it('shows the error and keeps the button when the meeting cannot be created', async () => {
    const { calendar, createMeeting } = setup('EVENT_EDIT', eventEditorHtml({ title: 'Review' }));
    createMeeting.mockRejectedValueOnce(new Error("You are not signed in. Open the extension's options to sign in."));
    calendar.scan();
    const button = document.querySelector<HTMLButtonElement>('[data-meeting-room-action=add-meeting-room]')!;
    button.click();
    await vi.waitFor(() => expect(document.querySelector('[role=alert]')?.textContent).toMatch(/not signed in/));
    expect(button.disabled).toBe(false);
    expect(document.querySelector<HTMLInputElement>('#xLocIn input[aria-label=Location]')!.value).toBe('');
  });

  it('fails soft on a page that is not Calendar at all', () => {
    const { calendar } = setup('EVENT', '<main><h1>Something else</h1><div id="xLocIn"></div></main>');
    expect(() => calendar.scan()).not.toThrow();
    expect(bars()).toHaveLength(0);
  });
});
