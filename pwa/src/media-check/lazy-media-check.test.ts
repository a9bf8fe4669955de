import { afterEach, describe, expect, it, vi } from 'vitest';
import { guestWithoutDevices } from '../../../test/pwa/media-check-guest.ts';
import { createLazyMediaCheck } from './lazy-media-check.ts';

/** A guest without camera and microphone, and how often the check's code was loaded. */
function world() {
  const { deps, requests, allSent } = guestWithoutDevices();
  let loads = 0;
  const check = createLazyMediaCheck(deps, () => {
    loads++;
    return import('./create-media-check.ts');
  });
  return { check, requests, loads: () => loads, allSent };
}

describe('the pre-join page’s media check', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows four pending steps without loading the check’s code; loads it once, when it runs', async () => {
    const { check, requests, loads, allSent } = world();
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
    await allSent();
  });

  it('asked to run while held (the page joins the call), loads its code only once released', async () => {
    const { check, requests, loads, allSent } = world();
    check.hold(true);
    const running = check.run();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(loads()).toBe(0);
    expect(requests).toEqual([]);
    check.hold(false);
    await running;
    expect(loads()).toBe(1);
    expect(requests).toContain('/api/health');
    await allSent();
  });

  it('a hold set once the code is loaded applies to the running check', async () => {
    const { check, requests, loads, allSent } = world();
    check.answerSpeaker(true);
    await vi.waitFor(() => expect(loads()).toBe(1));
    check.hold(true);
    const running = check.run();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests).not.toContain('/api/health');
    check.hold(false);
    await running;
    expect(requests).toContain('/api/health');
    await allSent();
  });
});
