import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinSynthetic, type SyntheticParticipant } from './fixtures/synthetic-participant.ts';
import { startTestPattern, type TestPatternSource } from './fixtures/test-pattern-source.ts';
import { createMeeting, signUpHost } from './harness/accounts.ts';
import { launchBrowser, type ParticipantPage } from './harness/browser.ts';
import { removedTiles, waitForPlayingTiles, watchTileRemovals } from './harness/remote-tiles.ts';
import { waitForCount } from './harness/room.ts';
import { joinAdaAndGrace, startServerWithJanus } from './harness/janus-server.ts';
import type { RunningServer } from './harness/server.ts';

/**
 * Issue 19 at eight: two Chromium pages and six synthetic publishers (e2e/fixtures/: guests joined
 * through the API like a page, publishing ffmpeg's VP8 test pattern and Opus tone through our SFU
 * proxy with werift). MESH_MAX=2, so the first synthetic guest moves the meeting to Janus.
 */
describe('an eight-participant meeting on Janus', () => {
  let server: RunningServer;
  let browser: Browser;
  let source: TestPatternSource;
  const synthetics: SyntheticParticipant[] = [];

  beforeAll(async () => {
    server = await startServerWithJanus('28000-28999', { MESH_MAX: '2', ROOM_MAX: '10' });
    // One ffmpeg for every synthetic publisher (each one's werift sender numbers the packets its own way).
    source = await startTestPattern();
    browser = await launchBrowser();
    // The server takes up to 60 s to listen on a loaded machine, Janus a few more.
  }, 150_000);

  afterAll(async () => {
    for (const s of synthetics.splice(0)) await s.leave().catch(() => undefined);
    await browser?.close();
    await source?.stop();
    await server?.stop();
  });

  /** Two pages in a new meeting (the host and a guest), on the mesh. */
  const twoPages = async (title: string) => {
    const host = await signUpHost(server);
    const meeting = await createMeeting(server, host, title);
    const pages = await joinAdaAndGrace(browser, server, host, meeting);
    const ids = await Promise.all(pages.map((p) => p.page.$eval('figure[data-self]', (f) => (f as HTMLElement).dataset.participantId!)));
    await waitForPlayingTiles(pages[0]!.page, [ids[1]!]);
    await waitForPlayingTiles(pages[1]!.page, [ids[0]!]);
    return { meeting, pages, ids };
  };
  const closePages = async (pages: ParticipantPage[]) => {
    for (const p of pages) await p.context.close();
  };

  it('both pages receive all six publishers and each other', async () => {
    const { meeting, pages, ids } = await twoPages('Eight at once');
    const joined = await Promise.all(
      ['One', 'Two', 'Three', 'Four', 'Five', 'Six'].map((n) => joinSynthetic(server, meeting, `Synth ${n}`, source)),
    );
    synthetics.push(...joined);
    await Promise.all(joined.map((s) => s.publishing));
    const everyone = [...ids, ...joined.map((s) => s.id)];
    for (const [i, { page }] of pages.entries()) {
      await waitForCount(page, 8);
      const tiles = await waitForPlayingTiles(
        page,
        everyone.filter((id) => id !== ids[i]),
      );
      expect(Object.keys(tiles)).toHaveLength(7);
    }
    for (const s of synthetics.splice(0)) await s.leave();
    await closePages(pages);
  }, 480_000);

  it('grows 2 → 8 → 2 one by one, and every page sees everyone present at every step', async () => {
    const { meeting, pages, ids } = await twoPages('Growing and shrinking');
    for (const { page } of pages) await watchTileRemovals(page);
    const present = () => [...ids, ...synthetics.map((s) => s.id)];
    const everyPageSeesEveryone = async () => {
      for (const [i, { page }] of pages.entries()) {
        await waitForCount(page, present().length);
        await waitForPlayingTiles(
          page,
          present().filter((id) => id !== ids[i]),
        );
      }
    };
    const left: string[] = [];
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const s = await joinSynthetic(server, meeting, `Synth ${n}`, source);
      synthetics.push(s);
      await s.publishing;
      await everyPageSeesEveryone();
    }
    while (synthetics.length > 0) {
      const s = synthetics.pop()!;
      await s.leave();
      left.push(s.id);
      await everyPageSeesEveryone();
    }
    // No tile of someone still present went away on the way (the move to Janus included).
    for (const { page } of pages) expect((await removedTiles(page)).filter((id) => !left.includes(id))).toEqual([]);
    await closePages(pages);
  }, 600_000);
});
