import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import type { Recording } from '../../shared/api/recordings.ts';
import { createMeeting, setFeatures, signInContext, signUpHost } from './accounts.ts';
import { openParticipant, poll } from './browser.ts';
import { joinAs, waitForCount, waitForRemoteVideos } from './room.ts';
import { api, type RunningServer } from './server.ts';

/**
 * A host whose account has the recording add-on and a guest, in one call, seeing each other.
 * `hostBeforeLoad` runs on the host's page before it loads (to take a browser API away).
 */
export async function recordableCall(
  server: RunningServer,
  browser: Browser,
  { title = 'Recorded call', hostBeforeLoad }: { title?: string; hostBeforeLoad?: (page: Page) => Promise<unknown> } = {},
) {
  const account = await signUpHost(server, 'Hanna Host');
  await setFeatures(server, account, { recording: true });
  const meeting = await createMeeting(server, account, title);
  const host = await openParticipant(browser, meeting.hostUrl, {
    prepare: (c) => signInContext(c, server, account),
    beforeLoad: hostBeforeLoad && (async (page) => void (await hostBeforeLoad(page))),
  });
  await joinAs(host.page, 'Hanna Host');
  const guest = await openParticipant(browser, meeting.guestUrl);
  await joinAs(guest.page, 'Gus Guest');
  await waitForCount(host.page, 2);
  await waitForRemoteVideos(host.page, 1);
  // The Record button is its own part, shown once the recorder and it have loaded.
  await host.page.waitForSelector('[data-action=record]', poll);

  const recordings = async () =>
    (await api(server, 'GET', `/api/meetings/${meeting.id}/recordings`, undefined, { cookie: account.cookie })).body
      .recordings as Recording[];

  return {
    account,
    meeting,
    host,
    guest,
    recordings,
    /** Polls the list (as the owner) until this recording is finalised. */
    async waitUntilReady(id: string, timeoutMs = 45_000): Promise<Recording> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await recordings()).find((r) => r.id === id);
        if (found?.state === 'ready') return found;
        if (Date.now() > deadline) throw new Error(`recording ${id} was not finalised: ${JSON.stringify(found)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    /** Downloads a recording as its owner into a temporary file (for ffprobe). */
    async download(id: string): Promise<string> {
      const res = await fetch(`${server.url}/api/meetings/${meeting.id}/recordings/${id}/file?download=1`, {
        headers: { cookie: account.cookie },
      });
      if (res.status !== 200) throw new Error(`download answered ${res.status}`);
      const file = path.join(await mkdtemp(path.join(tmpdir(), 'recording-')), `${id}.webm`);
      await writeFile(file, Buffer.from(await res.arrayBuffer()));
      return file;
    },
  };
}

export const indicatorShown = (page: Page) => page.waitForSelector('[data-testid=recording-indicator]', poll);
export const indicatorGone = (page: Page) => page.waitForFunction(() => !document.querySelector('[data-testid=recording-indicator]'), poll);

/**
 * Waits until the host's page has uploaded at least `n` chunks (a chunk a second): how we let
 * recording time pass. Composing 1280×720 and encoding VP8 in software beside two or three other
 * Chromium pages falls far behind on a loaded two-core machine (over 30 s for three chunks was seen
 * at load average 25, where 3 s is the idle figure), so this wait gets 120 s.
 */
export const uploadedChunks = (page: Page, n: number) =>
  page.waitForFunction(
    (want) => Number(document.querySelector('[data-testid=recording-progress]')?.getAttribute('data-uploaded-chunks') ?? 0) >= want,
    { ...poll, timeout: 120_000 },
    n,
  );

/** The chunks the server has confirmed so far (the progress shows once its part has loaded: waited for). */
export async function confirmedChunks(page: Page): Promise<number> {
  await page.waitForSelector('[data-testid=recording-progress]', { ...poll, timeout: 120_000 });
  return page.$eval('[data-testid=recording-progress]', (p) => Number(p.getAttribute('data-uploaded-chunks')));
}

/** Clicks Stop and waits until the page has uploaded everything and the server finalised it; returns the recorder's own running time. */
export async function stopRecording(page: Page): Promise<number> {
  await page.click('[data-action=record]');
  await page.waitForFunction(
    () =>
      document.querySelector('[data-action=record]')?.getAttribute('data-phase') === 'idle' &&
      !document.querySelector('[data-testid=recording-error]'),
    poll,
  );
  return Number(await page.$eval('[data-action=record]', (b) => b.getAttribute('data-last-recorded-ms')));
}
