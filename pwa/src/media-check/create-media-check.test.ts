import { afterEach, describe, expect, it, vi } from 'vitest';
import { guestWithoutDevices } from '../../../test/pwa/media-check-guest.ts';
import { createMediaCheck } from './create-media-check.ts';

/** A guest who goes without camera and microphone: the check is then its reports and the network step. */
function world() {
  const { deps, requests } = guestWithoutDevices();
  return { check: createMediaCheck(deps), requests };
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
