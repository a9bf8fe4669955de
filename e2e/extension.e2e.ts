import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALENDAR_URL, googleCalendarPage } from './fixtures/google-calendar.ts';
import { OUTLOOK_ORIGIN, OUTLOOK_URL, outlookCalendarPage } from './fixtures/outlook-calendar.ts';
import { safeLinkHtml } from '../test/extension/outlook/fixtures.ts';
import { calendarLinkHtml } from '../test/extension/calendar/fixtures.ts';
import { createMeeting, HOST_PASSWORD, signUpHost, type HostAccount } from './harness/accounts.ts';
import { joinAs, waitForCount } from './harness/room.ts';
import { poll } from './harness/browser.ts';
import {
  clickExtensionIcon,
  launchWithExtension,
  openExtensionPage,
  serveAt,
  tabShareModuleScript,
  type ExtensionBrowser,
} from './harness/extension.ts';
import { api, startServer, type RunningServer } from './harness/server.ts';
import { sendVideoOverWebRtc, waitForVideoToAdvance } from './harness/webrtc.ts';

/** A page whose frames keep changing. */
const ANIMATED_PAGE = `<!doctype html><title>Figures to share</title><body style="margin:0">
<canvas id="c" width="640" height="360" style="width:100vw;height:100vh"></canvas>
<script>
  const c = document.getElementById('c').getContext('2d');
  let i = 0;
  setInterval(() => { c.fillStyle = 'hsl(' + ((i += 20) % 360) + ' 80% 50%)'; c.fillRect(0, 0, 640, 360); }, 50);
</script>`;

/**
 * The built extension (.output/chrome-mv3) in real Chromium, against the real server: sign-in on the
 * options page, the buttons in Google Calendar (its markup, served at calendar.google.com by request
 * interception, so the shipped content-script match pattern is the one under test), the popup, and
 * sharing a tab into a room page, whose track then reaches another participant over WebRTC.
 */
describe('the Chrome extension', () => {
  let server: RunningServer;
  let ext: ExtensionBrowser;
  let host: HostAccount;
  let linkedMeeting: { id: string; url: string };

  const meetingsOfHost = async () =>
    (await api(server, 'GET', '/api/meetings', undefined, { cookie: host.cookie })).body.meetings as {
      id: string;
      title: string;
      startsAt: string;
      durationMinutes: number;
    }[];

  beforeAll(async () => {
    server = await startServer();
    host = await signUpHost(server, 'Hanna Host');
    const created = await api(
      server,
      'POST',
      '/api/meetings',
      { title: 'Customer call', startsAt: new Date().toISOString(), durationMinutes: 60 },
      { cookie: host.cookie },
    );
    linkedMeeting = { id: created.body.id, url: `${server.url}/m/${created.body.id}` };
    ext = await launchWithExtension();
  });

  afterAll(async () => {
    await ext?.browser.close();
    await server?.stop();
  });

  async function signInOnOptions(page: Page, { address, password }: { address: string; password: string }) {
    await page.waitForSelector('form[data-section=sign-in]');
    await page.$eval('input[name=server]', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('input[name=server]', address);
    await page.$eval('input[name=email]', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('input[name=email]', host.email);
    await page.$eval('input[name=password]', (el) => ((el as HTMLInputElement).value = ''));
    await page.type('input[name=password]', password);
    await page.click('[data-action=sign-in]');
    await page.waitForFunction(
      () => document.querySelector('[role=alert]') || document.querySelector('[data-testid=signed-in-email]'),
      poll,
    );
    return page.evaluate(() => document.querySelector('[role=alert]')?.textContent ?? null);
  }

  it('options: says clearly when the address or the password is wrong, then signs in', async () => {
    const options = await openExtensionPage(ext, 'options.html');
    expect(await signInOnOptions(options, { address: 'http://localhost:1', password: HOST_PASSWORD })).toMatch(
      /Nothing answers at http:\/\/localhost:1/,
    );
    expect(await signInOnOptions(options, { address: server.url, password: 'not the password' })).toBe('Wrong email or password.');
    expect(await signInOnOptions(options, { address: server.url, password: HOST_PASSWORD })).toBeNull();
    expect(await options.$eval('[data-testid=signed-in-email]', (el) => el.textContent)).toBe(host.email);
    await options.close();
  });

  describe('in Google Calendar', () => {
    let calendar: Page;

    beforeAll(async () => {
      calendar = await ext.browser.newPage();
      await serveAt(calendar, 'https://calendar.google.com/', () =>
        googleCalendarPage([
          {
            id: 'linked',
            title: 'Customer call',
            location: 'Room 4',
            descriptionHtml: `Agenda: figures<br>Join: ${calendarLinkHtml(linkedMeeting.url)}`,
          },
          { id: 'plain', title: 'Quarterly review', location: '', descriptionHtml: 'Bring the figures' },
          { id: 'noid', popup: 'no-id', title: 'Follow-up', location: `Online: ${linkedMeeting.url}`, descriptionHtml: 'Notes' },
        ]),
      );
      await calendar.goto(CALENDAR_URL);
    });

    const count = (selector: string) => calendar.$$eval(selector, (els) => els.length);

    it('adds Enter call once to the popup of an event with a room link, and it opens the room', async () => {
      await calendar.click('#calendar-view [data-eventid=linked][role=button]');
      await calendar.waitForSelector('#xDetDlg [data-meeting-room-action=enter-call]', poll);
      // Calendar keeps changing the page: the button stays single.
      const tick = await calendar.$eval('#now-line', (el) => el.textContent);
      await calendar.waitForFunction((t) => document.querySelector('#now-line')?.textContent !== t, poll, tick);
      expect(await count('[data-meeting-room-bar]')).toBe(1);
      expect(await calendar.$eval('[data-meeting-room-action=enter-call]', (a) => (a as HTMLAnchorElement).href)).toBe(linkedMeeting.url);

      const opened = ext.browser.waitForTarget((t) => t.url() === linkedMeeting.url, { timeout: poll.timeout });
      await calendar.click('[data-meeting-room-action=enter-call]');
      const room = await (await opened).asPage();
      await room.close();
      expect(await calendar.$eval('#maps-opened', (el) => el.textContent)).toBe('');
      await calendar.click('#xDetDlg [data-fixture=close]');
    });

    it('the popover without ids ([role=dialog][data-eventid]): Enter call from the location, and Maps does not open', async () => {
      await calendar.click('#calendar-view [data-eventid=noid][role=button]');
      await calendar.waitForSelector('[role=dialog][data-eventid=noid] [data-meeting-room-action=enter-call]', poll);
      expect(await count('[data-meeting-room-bar]')).toBe(1);
      const opened = ext.browser.waitForTarget((t) => t.url() === linkedMeeting.url, { timeout: poll.timeout });
      await calendar.click('[data-meeting-room-action=enter-call]');
      await (await (await opened).asPage()).close();
      expect(await calendar.$eval('#maps-opened', (el) => el.textContent)).toBe('');
      await calendar.click('[role=dialog] [data-fixture=close]');
    });

    it('adds nothing to an event without one; its page gets Add meeting room, which creates the meeting and writes the link', async () => {
      await calendar.click('#calendar-view [data-eventid=plain][role=button]');
      await calendar.waitForSelector('#xDetDlg', poll);
      expect(await count('[data-meeting-room-bar]')).toBe(0);

      await calendar.click('#xDetDlg [data-fixture=edit]');
      await calendar.waitForSelector('[data-meeting-room-action=add-meeting-room]', poll);
      expect(await count('[data-meeting-room-bar]')).toBe(1);
      const before = (await meetingsOfHost()).length;

      await calendar.click('[data-meeting-room-action=add-meeting-room]');
      await calendar.waitForSelector('[data-meeting-room-action=enter-call]', poll);
      expect(await count('[data-meeting-room-bar]')).toBe(1);

      const meetings = await meetingsOfHost();
      expect(meetings).toHaveLength(before + 1);
      const created = meetings.find((m) => m.title === 'Quarterly review')!;
      // The fixture's event: Nov 25, 2026, 10:00–10:45 in the browser's time zone (the test's).
      expect(created).toMatchObject({ startsAt: new Date(2026, 10, 25, 10, 0).toISOString(), durationMinutes: 45 });
      const url = `${server.url}/m/${created.id}`;
      expect(await calendar.$eval('[data-meeting-room-action=enter-call]', (a) => (a as HTMLAnchorElement).href)).toBe(url);

      // Calendar's own model got the edits through the fields' input events: saving keeps the link.
      await calendar.click('#save');
      const saved = JSON.parse(await calendar.$eval('#saved-event', (el) => el.textContent ?? '{}'));
      expect(saved.location).toBe(url);
      expect(saved.description).toContain('Bring the figures');
      expect(saved.description).toContain(`Join the meeting room: ${url}`);
    });
  });

  describe('in Outlook on the web', () => {
    let outlook: Page;

    beforeAll(async () => {
      outlook = await ext.browser.newPage();
      await serveAt(outlook, OUTLOOK_ORIGIN, () =>
        outlookCalendarPage([
          {
            id: 'AAMkLinked',
            title: 'Customer call',
            location: 'Teams room',
            descriptionHtml: `<div>Join: ${safeLinkHtml(linkedMeeting.url)}</div>`,
          },
          { id: 'AAMkPlain', title: 'Portfolio review', location: 'Office', descriptionHtml: '<div>Bring the figures</div>' },
        ]),
      );
      await outlook.goto(OUTLOOK_URL);
    });

    const count = (selector: string) => outlook.$$eval(selector, (els) => els.length);

    it('adds Enter call once to the card of an event whose body holds a room link (through Safe Links); it opens the room alone', async () => {
      await outlook.click('#calendar-view [data-calitemid=AAMkLinked]');
      await outlook.waitForSelector('[role=dialog] [data-meeting-room-action=enter-call]', poll);
      const tick = await outlook.$eval('#now-line', (el) => el.textContent);
      await outlook.waitForFunction((t) => document.querySelector('#now-line')?.textContent !== t, poll, tick);
      expect(await count('[data-meeting-room-bar]')).toBe(1);
      expect(await outlook.$eval('[data-meeting-room-action=enter-call]', (a) => (a as HTMLAnchorElement).href)).toBe(linkedMeeting.url);
      const opened = ext.browser.waitForTarget((t) => t.url() === linkedMeeting.url, { timeout: poll.timeout });
      await outlook.click('[data-meeting-room-action=enter-call]');
      await (await (await opened).asPage()).close();
      expect(await outlook.$eval('#location-card-opened', (el) => el.textContent)).toBe('');
      await outlook.click('[role=dialog] [data-fixture=close]');
    });

    it('adds nothing to an event without one; its composer gets Add meeting room, which creates the meeting and writes the link Outlook saves', async () => {
      await outlook.click('#calendar-view [data-calitemid=AAMkPlain]');
      await outlook.waitForSelector('[role=dialog] [data-fixture=edit]', poll);
      expect(await count('[data-meeting-room-bar]')).toBe(0);
      await outlook.click('[role=dialog] [data-fixture=edit]');
      await outlook.waitForSelector('[data-meeting-room-action=add-meeting-room]', poll);
      const before = (await meetingsOfHost()).length;

      await outlook.click('[data-meeting-room-action=add-meeting-room]');
      await outlook.waitForSelector('[data-meeting-room-action=enter-call]', poll);
      expect(await count('[data-meeting-room-bar]')).toBe(1);
      const meetings = await meetingsOfHost();
      expect(meetings).toHaveLength(before + 1);
      const created = meetings.find((m) => m.title === 'Portfolio review')!;
      // The fixture's form: 11/25/2026, 10:00 AM – 10:45 AM in the browser's time zone (the test's).
      expect(created).toMatchObject({ startsAt: new Date(2026, 10, 25, 10, 0).toISOString(), durationMinutes: 45 });
      const url = `${server.url}/m/${created.id}`;

      // Outlook's model got the edits through the fields' input events: saving keeps the link.
      await outlook.click('[data-fixture=save]');
      const saved = JSON.parse(await outlook.$eval('#saved-event', (el) => el.textContent ?? '{}'));
      expect(saved.location).toBe(`Office, ${url}`);
      expect(saved.body).toContain('Bring the figures');
      expect(saved.body).toContain(`Join the meeting room: ${url}`);
    });
  });

  // The health check's grace is 30 s (plus up to 5 s until its next look): this test waits for that
  // on purpose, polling extension storage, then for the popup's notice.
  it("health check: a calendar page it no longer recognises makes the popup say so, above today's meetings", {
    timeout: 120_000,
  }, async () => {
    const changed = await ext.browser.newPage();
    await serveAt(
      changed,
      'https://calendar.google.com/',
      () => `<!doctype html><html lang="en"><title>Google Calendar</title><body>
        <div role="main"><div role="grid"><div role="button" class="n3wMk">Customer call</div></div></div></body></html>`,
    );
    await changed.goto('https://calendar.google.com/calendar/u/0/r/week');
    const popup = await openExtensionPage(ext, 'popup.html');
    await popup.waitForFunction(
      async () => Object.keys((await (globalThis as any).chrome.storage.local.get('calendarHealth')).calendarHealth ?? {}).length > 0,
      { polling: 500, timeout: 90_000 },
    );
    await popup.reload();
    await popup.waitForSelector('[data-section=calendar-health]', poll);
    expect(await popup.$eval('[data-section=calendar-health]', (el) => el.textContent)).toBe(
      'Google Calendar changed its page; Enter call may be missing — open the meeting from here.',
    );
    await popup.waitForSelector(`[data-meeting-id="${linkedMeeting.id}"] [data-action=enter-call]`, poll);
    await changed.close();
    await popup.close();
  });

  it("popup: today's meetings with Enter call, and New meeting now", async () => {
    const popup = await openExtensionPage(ext, 'popup.html');
    await popup.waitForSelector(`[data-meeting-id="${linkedMeeting.id}"] [data-action=enter-call]`, poll);
    expect(await popup.$eval(`[data-meeting-id="${linkedMeeting.id}"]`, (li) => li.textContent)).toContain('Customer call');
    expect(await popup.$eval(`[data-meeting-id="${linkedMeeting.id}"] a`, (a) => (a as HTMLAnchorElement).href)).toBe(linkedMeeting.url);

    const before = (await meetingsOfHost()).map((m) => m.id);
    const opened = ext.browser.waitForTarget((t) => /\/m\/[A-Za-z0-9_-]+$/.test(t.url()) && !before.some((id) => t.url().endsWith(id)), {
      timeout: poll.timeout,
    });
    await popup.click('[data-action=new-meeting-now]');
    const room = await opened;
    const created = (await meetingsOfHost()).filter((m) => !before.includes(m.id));
    expect(created).toHaveLength(1);
    expect(room.url()).toBe(`${server.url}/m/${created[0]!.id}`);
    expect(created[0]!.durationMinutes).toBe(30);
    await (await room.asPage()).close();
    await popup.close();
  });

  it('tab sharing: the room asks, the user clicks the icon on another tab, the room gets that tab and sends it to another participant', async () => {
    const roomOrigin = server.url;
    const room = await ext.browser.newPage();
    // The module is injected as an inline script for this lower-level test; our CSP forbids inline scripts.
    await room.setBypassCSP(true);
    await room.goto(`${roomOrigin}/`);
    await room.addScriptTag({ content: await tabShareModuleScript() });
    const found = await room.evaluate(() => (window as any).ExtensionTabShare.detectMeetingExtension());
    expect(found).toMatchObject({ id: ext.id, signedIn: true });

    await room.evaluate(() => {
      const w = window as any;
      w.shareState = { instructions: null, error: null };
      w.sharing = w.ExtensionTabShare.shareTabThroughExtension(
        { id: w.ExtensionTabShare.announcedExtensionId() },
        {
          roomTitle: 'Customer call',
          onWaiting: (text: string) => (w.shareState.instructions = text),
        },
      ).then(
        (share: any) => (w.share = share),
        (error: Error) => (w.shareState.error = `${error.name}: ${error.message}`),
      );
    });
    await room.waitForFunction(() => (window as any).shareState.instructions || (window as any).shareState.error, poll);
    expect(await room.evaluate(() => (window as any).shareState)).toMatchObject({
      error: null,
      instructions: expect.stringContaining('Share this tab'),
    });

    // The tab to share: another site (no host permission: only the icon click grants access), animated.
    const shared = await ext.browser.newPage();
    await serveAt(shared, 'https://docs.example.com/', () => ANIMATED_PAGE);
    await shared.goto('https://docs.example.com/figures');
    await shared.bringToFront();
    const popup = await clickExtensionIcon(ext, shared);
    await popup.waitForSelector('[data-action=share-this-tab]', poll);
    expect(await popup.$eval('[data-section=tab-share]', (el) => el.textContent)).toContain(
      `"Customer call" on ${roomOrigin} waits for a tab`,
    );
    expect(await popup.$eval('[data-action=share-this-tab]', (el) => el.textContent)).toContain('Figures to share');
    await popup.click('[data-action=share-this-tab]');

    await room.waitForFunction(() => (window as any).share || (window as any).shareState.error, poll);
    expect(await room.evaluate(() => (window as any).shareState.error)).toBeNull();
    const tracks = await room.evaluate(() => {
      const share = (window as any).share;
      return { title: share.tabTitle, kinds: share.stream.getTracks().map((t: MediaStreamTrack) => `${t.kind}:${t.readyState}`) };
    });
    expect(tracks).toEqual({ title: 'Figures to share', kinds: expect.arrayContaining(['video:live', 'audio:live']) });

    // Another participant (own browser context) receives the tab's video over WebRTC.
    const other = await (await ext.browser.createBrowserContext()).newPage();
    await other.goto(`${roomOrigin}/`);
    const sharedVideo = await room.evaluateHandle(() => (window as any).share.stream.getVideoTracks()[0] as MediaStreamTrack);
    await sendVideoOverWebRtc(room, sharedVideo, other, 'remote-screen');
    expect(await other.$eval('#remote-screen', (v) => (v as HTMLVideoElement).videoWidth)).toBeGreaterThan(0);

    // Sharing survives a navigation inside the shared tab.
    await shared.goto('https://docs.example.com/more-figures');
    await waitForVideoToAdvance(other, 'remote-screen');
    expect(await room.evaluate(() => (window as any).share.stream.getVideoTracks()[0].readyState)).toBe('live');

    await room.evaluate(() => (window as any).share.stop());
    expect(
      await room.evaluate(() => (window as any).share.stream.getTracks().every((t: MediaStreamTrack) => t.readyState === 'ended')),
    ).toBe(true);
  });

  it('tab sharing from the room UI: "Share a tab", the icon click on that tab, and the other participant sees it large', async () => {
    const meeting = await createMeeting(server, host, 'Extension share');
    const origin = new URL(server.url).origin;
    await ext.browser.defaultBrowserContext().overridePermissions(origin, ['camera', 'microphone']);
    const room = await ext.browser.newPage();
    const [name, value] = host.cookie.split('=') as [string, string];
    await room.setCookie({ name, value, domain: 'localhost', path: '/', httpOnly: true });
    await room.goto(meeting.hostUrl);
    await joinAs(room, 'Hanna Host');

    const guestContext = await ext.browser.createBrowserContext();
    await guestContext.overridePermissions(origin, ['camera', 'microphone']);
    const guest = await guestContext.newPage();
    await guest.goto(meeting.guestUrl);
    await joinAs(guest, 'Gus Guest');
    await waitForCount(room, 2);

    // The extension announced itself to the room page: the room offers "Share a tab".
    await room.waitForSelector('[data-action=share-tab]', poll);
    await room.$eval('[data-action=share-tab]', (b) => (b as HTMLButtonElement).click());
    await room.waitForSelector('[data-testid=tab-share-waiting]', poll);

    const shared = await ext.browser.newPage();
    await serveAt(shared, 'https://slides.example.com/', () => ANIMATED_PAGE);
    await shared.goto('https://slides.example.com/deck');
    await shared.bringToFront();
    const popup = await clickExtensionIcon(ext, shared);
    await popup.waitForSelector('[data-action=share-this-tab]', poll);
    await popup.click('[data-action=share-this-tab]');

    await room.waitForSelector('[data-testid=sharing-bar]', poll);
    await guest.waitForFunction(() => {
      const v = document.querySelector<HTMLVideoElement>('video[data-screen=remote]');
      return Boolean(v && v.videoWidth > 0 && v.currentTime > 0);
    }, poll);
    expect(await guest.$eval('[data-testid=stage]', (e) => e.getAttribute('data-stage-kind'))).toBe('screen');
    await room.$eval('[data-action=stop-sharing]', (b) => (b as HTMLButtonElement).click());
    await guest.waitForFunction(() => !document.querySelector('video[data-screen=remote]'), poll);
    await popup.close().catch(() => undefined);
  });
});
