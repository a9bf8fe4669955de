import type { Page } from 'puppeteer-core';

/**
 * Test instrumentation (not product code): records every RTCPeerConnection a page
 * creates, so tests can assert on WebRTC stats as Jitsi's own tests do.
 */
export async function recordPeerConnections(page: Page) {
  await page.evaluateOnNewDocument(() => {
    const Original = window.RTCPeerConnection;
    const list: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = list;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        list.push(this);
      }
    } as typeof RTCPeerConnection;
  });
}

/** Sum over open peer connections of inbound audio energy and bytes. */
export function inboundAudio(page: Page) {
  return page.evaluate(async () => {
    let energy = 0;
    let bytes = 0;
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState === 'closed') continue;
      const stats = await pc.getStats();
      stats.forEach((s) => {
        if (s.type === 'inbound-rtp' && s.kind === 'audio') {
          energy += s.totalAudioEnergy ?? 0;
          bytes += s.bytesReceived ?? 0;
        }
      });
    }
    return { energy, bytes };
  });
}

/** Labels of the audio tracks a page is sending on its open peer connections. */
export function sentAudioLabels(page: Page) {
  return page.evaluate(() =>
    ((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? [])
      .filter((pc) => pc.connectionState !== 'closed')
      .flatMap((pc) => pc.getSenders())
      .filter((s) => s.track?.kind === 'audio')
      .map((s) => s.track!.label),
  );
}
