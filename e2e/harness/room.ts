import type { Page } from 'puppeteer-core';
import { logsOf, poll } from './browser.ts';

/** Fills the pre-join form and clicks Join. */
export async function joinAs(page: Page, name: string) {
  await pressJoin(page, name);
  try {
    await page.waitForSelector('[data-testid=participant-count]', { timeout: 30_000 });
  } catch (error) {
    throw await withPageState(page, error as Error);
  }
}

/** Types the name on the pre-join form and presses Join (what follows is up to the caller: the call, or a waiting room). */
export async function pressJoin(page: Page, name: string) {
  await page.waitForSelector('input[name=name]');
  // Replace whatever is prefilled, as a person would: select all, then type.
  await page.focus('input[name=name]');
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.press('Backspace');
  await page.type('input[name=name]', name);
  await page.waitForFunction((n) => (document.querySelector('input[name=name]') as HTMLInputElement).value === n, poll, name);
  // A click that did not submit the form (the button not enabled yet, or the page moved under the
  // pointer between puppeteer reading its place and pressing) is made again, as a person would.
  await page.evaluate(() => {
    const w = window as unknown as { __joinSubmitted?: boolean };
    w.__joinSubmitted = false;
    document.addEventListener('submit', () => (w.__joinSubmitted = true), { once: true, capture: true });
  });
  const submitted = () => page.evaluate(() => (window as unknown as { __joinSubmitted?: boolean }).__joinSubmitted === true);
  for (let attempt = 1; attempt <= 3; attempt++) {
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('[data-action=join]')?.disabled, poll);
    if (await submitted()) return;
    await page.click('[data-action=join]');
    const landed = await page
      .waitForFunction(() => (window as unknown as { __joinSubmitted?: boolean }).__joinSubmitted === true, { ...poll, timeout: 2_000 })
      .then(
        () => true,
        () => false,
      );
    if (landed) return;
  }
  throw new Error('pressing Join did not submit the pre-join form (3 clicks)');
}

/** Adds what the page showed and logged to an error, so a failure explains itself. */
export async function withPageState(page: Page, error: Error): Promise<Error> {
  const text = await page.evaluate(() => document.body.innerText).catch(() => '(page gone)');
  error.message += `\n--- page text ---\n${text}\n--- page log ---\n${logsOf(page).join('\n')}`;
  return error;
}

export const participantCount = (page: Page) =>
  page.$eval('[data-testid=participant-count]', (el) => Number(el.textContent?.replace(/\D+/g, '')));

export async function waitForCount(page: Page, count: number) {
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=participant-count]')?.textContent?.replace(/\D+/g, '')) === n,
    poll,
    count,
  );
}

/**
 * How long a new peer's video may take to reach a page: the peer connection, the first key frame, the
 * decoder. A few seconds on an idle machine; 24 s measured for a third participant while the host records,
 * at load average 31 on two cores. Only the wait for media uses it.
 */
const mediaPoll = { ...poll, timeout: 60_000 } as const;

/** Waits until `count` remote videos have decoded frames and their time advances. */
export async function waitForRemoteVideos(page: Page, count: number) {
  await page.waitForFunction(
    (n) => {
      const videos = [...document.querySelectorAll<HTMLVideoElement>('video[data-remote]')].filter(
        (v) => v.videoWidth > 0 && v.readyState >= 2,
      );
      return videos.length >= n;
    },
    mediaPoll,
    count,
  );
  const before = await remoteTimes(page);
  await page.waitForFunction(
    (prev: number[]) => {
      const now = [...document.querySelectorAll<HTMLVideoElement>('video[data-remote]')]
        .filter((v) => v.videoWidth > 0)
        .map((v) => v.currentTime);
      return now.length >= prev.length && now.every((t, i) => t > (prev[i] ?? 0));
    },
    mediaPoll,
    before,
  );
}

export const remoteTimes = (page: Page) =>
  page.$$eval('video[data-remote]', (videos) => (videos as HTMLVideoElement[]).filter((v) => v.videoWidth > 0).map((v) => v.currentTime));

/** Opens a participant's tile menu on the host's page and clicks one of its actions. */
export async function hostAction(host: Page, participantName: string, action: string) {
  const label = `Host actions for ${participantName}`;
  try {
    await host.waitForFunction((l: string) => Boolean(document.querySelector(`summary[aria-label="${l}"]`)), poll, label);
  } catch (error) {
    throw await withPageState(host, error as Error);
  }
  await host.evaluate(
    (l: string, a: string) => {
      const summary = document.querySelector<HTMLElement>(`summary[aria-label="${l}"]`)!;
      (summary.parentElement as HTMLDetailsElement).open = true;
      summary.parentElement!.querySelector<HTMLButtonElement>(`[data-action=${a}]`)!.click();
    },
    label,
    action,
  );
}

/**
 * Opens a side panel of the room (chat, invite, waiting, settings) and waits until it shows. The
 * button is pressed through the DOM, not at coordinates: right after joining, the toolbar may still
 * be settling (buttons appear as their parts load), and a click at an old position lands on a neighbour.
 */
export async function openPanel(page: Page, panel: 'chat' | 'invite' | 'waiting' | 'settings') {
  if (await page.$(`[data-panel=${panel}]`)) return;
  await page.waitForSelector(`[data-action=${panel}]`, poll);
  await page.$eval(`[data-action=${panel}]`, (el) => (el as HTMLElement).click());
  await page.waitForSelector(`[data-panel=${panel}]`, poll).catch(async (e) => Promise.reject(await withPageState(page, e)));
}

/** Closes whatever side panel is open, and waits until it is gone. */
export async function closePanel(page: Page) {
  if (!(await page.$('[data-panel]'))) return;
  await page.$eval('.room__panel-close', (el) => (el as HTMLElement).click());
  await page.waitForFunction(() => !document.querySelector('[data-panel]'), poll);
}

/** Waits until the page plays a remote shared screen with frames and advancing time. */
export async function waitForRemoteScreen(page: Page) {
  await page.waitForFunction(() => {
    const v = document.querySelector<HTMLVideoElement>('video[data-screen=remote]');
    return Boolean(v && v.videoWidth > 0 && v.readyState >= 2);
  }, poll);
  const t0 = await page.$eval('video[data-screen=remote]', (v) => (v as HTMLVideoElement).currentTime);
  await page.waitForFunction(
    (t) => (document.querySelector<HTMLVideoElement>('video[data-screen=remote]')?.currentTime ?? 0) > t,
    poll,
    t0,
  );
}
/** Waits until the page shows no remote shared screen. */
export const noRemoteScreen = (page: Page) =>
  page.waitForFunction(() => !document.querySelector('[data-screen-of] video[data-screen=remote]'), poll);
