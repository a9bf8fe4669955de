import type { Page } from 'puppeteer-core';
import { withPageState } from './room.ts';

/** One remote tile as a page shows it: its video's size and time, and the frames decoded for its track (getStats). */
export interface TileProgress {
  width: number;
  time: number;
  framesDecoded: number;
}

/**
 * Every remote tile on the page, by participant id: the `<video>`'s size and current time, and the
 * `framesDecoded` of the inbound-rtp stats whose track is that video's (over the peer connections
 * `recordPeerConnections` recorded, so needs it before load).
 */
export function remoteTiles(page: Page): Promise<Record<string, TileProgress>> {
  return page.evaluate(async () => {
    const frames = new Map<string, number>();
    for (const pc of (window as unknown as { __pcs?: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'video' && s.trackIdentifier)
          frames.set(s.trackIdentifier, (frames.get(s.trackIdentifier) ?? 0) + (s.framesDecoded ?? 0));
      });
    }
    const tiles: Record<string, { width: number; time: number; framesDecoded: number }> = {};
    for (const figure of document.querySelectorAll<HTMLElement>('figure[data-participant-id]:not([data-self])')) {
      const video = figure.querySelector('video');
      const track = (video?.srcObject as MediaStream | null)?.getVideoTracks()[0];
      tiles[figure.dataset.participantId!] = {
        width: video?.videoWidth ?? 0,
        time: video?.currentTime ?? 0,
        framesDecoded: track ? (frames.get(track.id) ?? 0) : 0,
      };
    }
    return tiles;
  });
}

/** Installs (once) a watcher of tiles leaving the page: `removedTiles` reads which participant ids lost their tile. */
export function watchTileRemovals(page: Page) {
  return page.evaluate(() => {
    const w = window as unknown as { __removedTiles?: string[] };
    if (w.__removedTiles) return;
    const removed: string[] = [];
    w.__removedTiles = removed;
    new MutationObserver((records) => {
      for (const record of records)
        for (const node of record.removedNodes)
          if (node instanceof HTMLElement)
            for (const figure of [node, ...node.querySelectorAll<HTMLElement>('figure[data-participant-id]')])
              if (figure.matches('figure[data-participant-id]') && !figure.isConnected) removed.push(figure.dataset.participantId!);
    }).observe(document.body, { childList: true, subtree: true });
  });
}

export const removedTiles = (page: Page) => page.evaluate(() => (window as unknown as { __removedTiles?: string[] }).__removedTiles ?? []);

/**
 * Waits until the page shows exactly `ids` as remote tiles, each with decoded video, and then until
 * every one of them has moved on: more frames decoded and a later video time than when first seen.
 */
export async function waitForPlayingTiles(page: Page, ids: string[], timeoutMs = 90_000): Promise<Record<string, TileProgress>> {
  const deadline = Date.now() + timeoutMs;
  const want = [...ids].sort();
  let first: Record<string, TileProgress> | null = null;
  let last: Record<string, TileProgress> = {};
  while (Date.now() < deadline) {
    last = await remoteTiles(page);
    const shown = Object.keys(last).sort();
    const allDecoding = shown.join() === want.join() && want.every((id) => last[id]!.width > 0 && last[id]!.framesDecoded > 0);
    if (!allDecoding) first = null;
    else if (!first) first = last;
    else if (want.every((id) => last[id]!.framesDecoded > first![id]!.framesDecoded && last[id]!.time > first![id]!.time)) return last;
    await new Promise((r) => setTimeout(r, 250)); // the next look at the page's stats
  }
  throw await withPageState(page, new Error(`tiles not all playing: want ${want.join(', ')}; saw ${JSON.stringify(last)}`));
}
