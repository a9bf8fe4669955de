import { signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LocalMedia } from '../media/local-media.ts';
import { createMediaCheck } from './create-media-check.ts';

/** A guest who goes without camera and microphone: the check is then its reports and the network step. */
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
  } as unknown as LocalMedia;
  const check = createMediaCheck({
    meetingId: 'meet-1',
    media,
    headers: {},
    name: () => 'Gus',
    reportToHost: true,
    platform: { browser: 'chrome', os: 'linux' },
  });
  return { check, requests };
}

describe('media check', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('held while the page joins, sends nothing; released, it runs', async () => {
    const { check, requests } = world();
    check.hold(true);
    const running = check.run();
    await vi.waitFor(() => expect(check.steps.value.camera.state).toBe('pending'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requests).toEqual([]);
    check.hold(false);
    await running;
    expect(requests).toContain('/api/meetings/meet-1/media-check');
    expect(requests).toContain('/api/health');
    expect(check.steps.value.camera.state).toBe('skipped');
    expect(check.steps.value.network.state).toBe('failed');
    // The fixing steps load on the first failure, then show and reach the host.
    await vi.waitFor(() => expect(check.troubleshooting.value.map((t) => t.problem)).toEqual(['network-blocked']));
    expect(requests.filter((r) => r.endsWith('/media-check')).length).toBeGreaterThanOrEqual(5);
  });

  it('runs at once when not held', async () => {
    const { check, requests } = world();
    await check.run();
    expect(requests[0]).toBe('/api/meetings/meet-1/media-check');
  });
});
