import type { Browser, Page } from 'puppeteer-core';
import { createMeeting, signInContext, signUpHost, type HostAccount } from './accounts.ts';
import { launchBrowser, openParticipant, type ParticipantPage } from './browser.ts';
import { joinAs, waitForCount } from './room.ts';
import { startServer, type RunningServer } from './server.ts';

export interface CallFixtureOptions {
  title?: string;
  hostName?: string;
  guestName?: string;
  serverEnv?: Record<string, string>;
  /** Instrument each page before it loads (e.g. recordPeerConnections). */
  beforeLoad?: (page: Page) => Promise<void>;
  /** Leave the guest on the pre-join page. */
  guestJoins?: boolean;
  /** Chromium's flags: extra ones, and default ones to leave out (as `launchBrowser` takes them). */
  launch?: Parameters<typeof launchBrowser>;
}

export interface CallFixture {
  server: RunningServer;
  browser: Browser;
  account: HostAccount;
  meeting: Awaited<ReturnType<typeof createMeeting>>;
  host: ParticipantPage;
  guest: ParticipantPage;
  close(): Promise<void>;
}

/**
 * The common start of a browser test: the real server, Chromium, a signed-up host in
 * their meeting, and a guest who came in through the guest link.
 */
export async function startTwoPersonCall(options: CallFixtureOptions = {}): Promise<CallFixture> {
  const server = await startServer(options.serverEnv);
  const browser = await launchBrowser(...(options.launch ?? []));
  const account = await signUpHost(server, options.hostName ?? 'Hanna Host');
  const meeting = await createMeeting(server, account, options.title ?? 'Customer call');
  const host = await openParticipant(browser, meeting.hostUrl, {
    prepare: (c) => signInContext(c, server, account),
    beforeLoad: options.beforeLoad,
  });
  await joinAs(host.page, options.hostName ?? 'Hanna Host');
  const guest = await openParticipant(browser, meeting.guestUrl, { beforeLoad: options.beforeLoad });
  if (options.guestJoins !== false) {
    await joinAs(guest.page, options.guestName ?? 'Gus Guest');
    await waitForCount(host.page, 2);
  }
  return {
    server,
    browser,
    account,
    meeting,
    host,
    guest,
    async close() {
      await browser.close();
      await server.stop();
    },
  };
}
