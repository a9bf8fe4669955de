import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poll } from './harness/browser.ts';
import { startTwoPersonCall, type CallFixture } from './harness/call-fixture.ts';
import { waitForRemoteVideos, withPageState } from './harness/room.ts';
import { recordPeerConnections } from './harness/webrtc.ts';

/**
 * Chromium's second fake camera gives a depth format (Y16) that WebRTC cannot encode: the
 * preview may show it, but not one frame leaves. The sender is told, instead of the others
 * seeing a black tile with good quality bars.
 */
describe('a camera whose frames never leave', () => {
  let call: CallFixture;
  beforeAll(async () => {
    // Two fake cameras: fake_device_0 (I420, the usual test picture) and fake_device_1 (Y16 depth).
    const twoCameras = '--use-fake-device-for-media-stream=device-count=2';
    call = await startTwoPersonCall({
      title: 'Depth camera',
      launch: [[twoCameras], { withoutFlags: ['--use-fake-device-for-media-stream'] }],
      beforeLoad: recordPeerConnections,
    });
    await waitForRemoteVideos(call.host.page, 1);
  });
  afterAll(async () => call?.close());

  it('tells the sender, and the notice goes when they choose the first camera again', async () => {
    const { page } = call.guest;
    await page.click('[data-action=settings]');
    await page.waitForFunction(() => document.querySelectorAll('select[name=videoinput] option').length >= 2, poll);
    const [first, second] = await page.$$eval('select[name=videoinput] option', (options) =>
      options.map((o) => (o as HTMLOptionElement).value),
    );
    // Nothing said while the first camera's frames flow.
    expect(await page.$('[data-testid=network-notice][data-kind=camera-not-sending]')).toBeNull();
    await page.select('select[name=videoinput]', second!);
    try {
      await page.waitForSelector('[data-testid=network-notice][data-kind=camera-not-sending]', { timeout: 30_000 });
    } catch (error) {
      const stats = await page.evaluate(async () => {
        const out: unknown[] = [];
        for (const pc of (window as any).__pcs ?? []) {
          if (pc.connectionState === 'closed') continue;
          (await pc.getStats()).forEach((s: any) => {
            if (s.type === 'outbound-rtp' && s.kind === 'video')
              out.push({ e: s.framesEncoded, s: s.framesSent, q: s.qualityLimitationReason, codec: s.encoderImplementation });
          });
          out.push(
            pc
              .getSenders()
              .map(
                (x: RTCRtpSender) =>
                  x.track && `${x.track.kind}:${x.track.label}:${x.track.readyState}:${x.track.enabled}:${x.track.muted}`,
              ),
          );
        }
        return out;
      });
      (error as Error).message += `\n--- stats ---\n${JSON.stringify(stats)}`;
      throw await withPageState(page, error as Error);
    }
    const text = await page.$eval('[data-testid=network-notice]', (n) => (n as HTMLElement).innerText);
    expect(text).toContain('The others cannot see you');
    expect(text).toContain('Choose another camera in Settings');
    await page.select('select[name=videoinput]', first!);
    await page.waitForFunction(() => !document.querySelector('[data-testid=network-notice][data-kind=camera-not-sending]'), poll);
  });
});
