import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LocalMedia } from '../media/local-media.ts';
import { createLazyMediaCheck } from './lazy-media-check.ts';

/** A guest without camera and microphone (the check is its reports and the network step). */
function world() {
  const requests: string[] = [];
  vi.stubGlobal('fetch', async (url: string) => {
    requests.push(String(url).split('?')[0]!);
    return new Response('{}', { status: 503, headers: { 'content-type': 'application/json' } });
  });
  const media = {
    declined: signal({ audio: true, video: true }),
    errors: signal({ audio: null, video: null }),
    videoTrack: signal(null),
    audioTrack: signal(null),
    decline: () => undefined,
  } as unknown as LocalMedia;
  let loads = 0;
  const check = createLazyMediaCheck(
    { meetingId: 'meet-1', media, headers: {}, name: () => 'Gus', reportToHost: true, platform: { browser: 'chrome', os: 'linux' } },
    () => {
      loads++;
      return import('./create-media-check.ts');
    },
  );
  return { check, requests, loads: () => loads };
}

describe('the pre-join page’s media check', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows four pending steps without loading the check’s code; loads it once, when it runs', async () => {
    const { check, requests, loads } = world();
    expect(Object.values(check.steps.value).map((s) => s.state)).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(check.progress.value).toBe(0);
    expect(loads()).toBe(0);
    await check.run();
    await check.retry('network');
    expect(loads()).toBe(1);
    expect(check.steps.value.camera.state).toBe('skipped');
    expect(check.steps.value.network.state).toBe('failed');
    expect(check.progress.value).toBeGreaterThan(0);
    expect(requests).toContain('/api/meetings/meet-1/media-check');
    // The failed network step's fixing steps (they load, show, and are reported) before the next test.
    await vi.waitFor(() => expect(check.troubleshooting.value.map((t) => t.problem)).toEqual(['network-blocked']));
  });

  it('a hold set before the code loads applies to the check once it is there', async () => {
    const { check, requests } = world();
    check.hold(true);
    const running = check.run();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).toEqual([]);
    check.hold(false);
    await running;
    expect(requests).toContain('/api/health');
  });
});
