// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, test, vi } from 'vitest';
import { outlookCalendarPage } from './outlook-calendar-page.ts';
import { startTestCalendar, TEST_ORIGIN } from '../../../test/extension/calendar/test-calendar.ts';
import { outlookCardHtml, outlookComposerHtml, outlookReadingHtml, safeLinkHtml } from '../../../test/extension/outlook/fixtures.ts';

const ORIGIN = TEST_ORIGIN;
const ROOM = `${ORIGIN}/m/abcdefgh12`;

const setup = (html: string) => startTestCalendar(outlookCalendarPage, html);

const enterLinks = () => [...document.querySelectorAll<HTMLAnchorElement>('[data-meeting-room-action=enter-call]')];
const addButton = () => document.querySelector<HTMLButtonElement>('[data-meeting-room-action=add-meeting-room]');

beforeEach(() => {
  document.body.innerHTML = '';
});

describe('Outlook: the event card', () => {
  test.each([
    ['in the location', { title: 'Customer call', location: ROOM }],
    ['in the body, through Safe Links', { title: 'Customer call', location: 'Room 4', descriptionHtml: `Join: ${safeLinkHtml(ROOM)}` }],
  ])('a room link %s: one Enter call in the card', (_where, event) => {
    const { calendar } = setup(outlookCardHtml(event));
    calendar.scan();
    calendar.scan();
    expect(enterLinks().map((a) => a.href)).toEqual([ROOM]);
    expect(enterLinks()[0]!.closest('[role=dialog]')).not.toBeNull();
    expect(addButton()).toBeNull();
  });

  it("a click on Enter call reaches no handler of Outlook's (the location card, React's root listener)", () => {
    const { calendar } = setup(outlookCardHtml({ title: 'Customer call', location: ROOM }));
    calendar.scan();
    const locationCard = vi.fn();
    const root = vi.fn();
    document.querySelector('[data-fixture=location-card]')!.addEventListener('click', locationCard);
    document.body.addEventListener('click', root);
    const link = enterLinks()[0]!;
    expect(link.closest('[role=button]')).toBeNull();
    link.addEventListener('click', (e) => e.preventDefault());
    link.click();
    expect(locationCard).not.toHaveBeenCalled();
    expect(root).not.toHaveBeenCalled();
    document.body.removeEventListener('click', root);
  });

  it('adds nothing to an event without our link', () => {
    const { calendar } = setup(
      outlookCardHtml({ title: 'Lunch', location: 'Canteen', descriptionHtml: safeLinkHtml('https://evil.example.com/m/abcdefgh12') }),
    );
    calendar.scan();
    expect(document.querySelectorAll('[data-meeting-room-bar]')).toHaveLength(0);
  });
});

describe('Outlook: each strategy on its own markup', () => {
  test.each([
    ['card by role', () => outlookCardHtml({ title: 'Call', location: ROOM })],
    [
      'reading view by body',
      () => outlookReadingHtml({ title: 'Call', location: 'Room 4', descriptionHtml: `Join: ${safeLinkHtml(ROOM)}` }),
    ],
    ['composer by field labels', () => outlookComposerHtml({ title: 'Call', location: ROOM })],
  ])('%s finds the event and its link', (strategy, html) => {
    const { calendar } = setup(html());
    expect(outlookCalendarPage.surfaces(document).map((s) => s.strategy)).toEqual([strategy]);
    calendar.scan();
    expect(enterLinks().map((a) => a.href)).toEqual([ROOM]);
    expect(enterLinks()[0]!.closest('[role=button]')).toBeNull();
  });
});

describe('Outlook: the event composer', () => {
  it('offers Add meeting room; it creates the meeting from the form and writes the link into the location and the body', async () => {
    const { calendar, createMeeting } = setup(
      outlookComposerHtml({ title: 'Portfolio review', location: 'Office', descriptionHtml: '<div>Agenda</div>' }),
    );
    calendar.scan();
    expect(enterLinks()).toHaveLength(0);
    addButton()!.click();
    await vi.waitFor(() => expect(enterLinks()).toHaveLength(1));
    expect(createMeeting.mock.calls).toEqual([
      [{ title: 'Portfolio review', startsAt: new Date(2026, 10, 25, 10, 0).toISOString(), durationMinutes: 45 }],
    ]);
    const url = `${ORIGIN}/m/newmeeting1`;
    expect(document.querySelector<HTMLInputElement>('input[aria-label="Search for a room or location"]')!.value).toBe(`Office, ${url}`);
    expect(document.querySelector('[aria-label="Message body"]')!.textContent).toContain(`Join the meeting room: ${url}`);
    expect(enterLinks().map((a) => a.href)).toEqual([url]);
    // The bar is outside the location's combobox and its suggestions.
    expect(enterLinks()[0]!.closest('[role=combobox]')).toBeNull();
  });

  it('shows Enter call when the location already holds a link', () => {
    const { calendar } = setup(outlookComposerHtml({ title: 'Review', location: ROOM }));
    calendar.scan();
    expect(enterLinks().map((a) => a.href)).toEqual([ROOM]);
    expect(addButton()).toBeNull();
  });
});

describe('Outlook: what the health check sees', () => {
  it('recognises its cards and composers, not a page whose markup changed, and judges only the calendar', () => {
    document.body.innerHTML = outlookCardHtml({ title: 'Call' });
    expect(outlookCalendarPage.recognises(document)).toBe(true);
    document.body.innerHTML = outlookComposerHtml({ title: 'Call' });
    expect(outlookCalendarPage.recognises(document)).toBe(true);
    document.body.innerHTML = '<div role="main"><div role="grid"><div role="button" class="x1">Call</div></div></div>';
    expect(outlookCalendarPage.recognises(document)).toBe(false);
    // An empty week still has Outlook's New event button.
    document.body.innerHTML =
      '<div role="main"><button type="button" aria-label="New event">New event</button><div role="grid"></div></div>';
    expect(outlookCalendarPage.recognises(document)).toBe(true);
    const win = window as unknown as { happyDOM: { setURL(url: string): void } };
    win.happyDOM.setURL('https://outlook.office.com/mail/inbox');
    expect(outlookCalendarPage.inCalendar(document)).toBe(false);
    win.happyDOM.setURL('https://outlook.office.com/calendar/view/workweek');
    expect(outlookCalendarPage.inCalendar(document)).toBe(true);
  });
});
