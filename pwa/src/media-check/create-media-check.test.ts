import type { Signal } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { guestWithoutDevices } from '../../../test/pwa/media-check-guest.ts';
import { createMediaCheck } from './create-media-check.ts';
import { REPORT_BATCH_MS } from './report-batch.ts';

/** A guest who goes without camera and microphone: the check is then its reports and the network step. */
function world() {
  const { deps, requests, reportBodies, allSent } = guestWithoutDevices();
  return { check: createMediaCheck(deps), requests, reportBodies, allSent };
}

type Report = { step?: string; outcome?: string; type: string; checkId: string; name?: string };
/** Every report sent, in order, whether alone or in a batch. */
const reportsIn = (bodies: unknown[]): Report[] =>
  bodies.flatMap((body) => ((body as { reports?: Report[] }).reports ? (body as { reports: Report[] }).reports : [body as Report]));

describe('media check', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('held while the page joins, sends nothing; released, it runs', async () => {
    const { check, requests, allSent } = world();
    check.hold(true);
    const running = check.run();
    await vi.waitFor(() => expect(check.steps.value.camera.state).toBe('pending'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(requests).toEqual([]);
    check.hold(false);
    await running;
    await vi.waitFor(() => expect(requests).toContain('/api/meetings/meet-1/media-check'));
    expect(requests).toContain('/api/health');
    expect(check.steps.value.camera.state).toBe('skipped');
    expect(check.steps.value.network.state).toBe('failed');
    // The fixing steps load on the first failure, then show and reach the host.
    await vi.waitFor(() => expect(check.troubleshooting.value.map((t) => t.problem)).toEqual(['network-blocked']));
    await allSent();
  });

  it('sends the reports of a moment together, in order, each with the check id and name', async () => {
    const { check, requests, reportBodies, allSent } = world();
    await check.run();
    await allSent();
    const reports = reportsIn(reportBodies);
    expect(reports.map((r) => (r.type === 'step' ? `${r.step} ${r.outcome}` : r.type))).toEqual([
      'started running',
      'camera skipped',
      'microphone skipped',
      'network running',
      'network failed',
      'finished failed',
      // The fixing steps load on the first failure (their own chunk), and are sent as they show.
      'troubleshooting',
    ]);
    expect(new Set(reports.map((r) => r.checkId)).size).toBe(1);
    expect(reports.every((r) => r.name === 'Gus')).toBe(true);
    // Fewer requests than reports: the start's reports went in one.
    expect(requests.filter((r) => r.endsWith('/media-check')).length).toBeLessThan(reports.length);
    expect((reportBodies[0] as { reports: Report[] }).reports.length).toBeGreaterThan(1);
    for (const body of reportBodies) expect((body as { reports?: Report[] }).reports?.length ?? 1).toBeLessThanOrEqual(8);
  });

  it('runs at once when not held: its first reports go out within the batching moment', async () => {
    const { check, reportBodies, allSent } = world();
    await check.run();
    await vi.waitFor(() => expect(reportsIn(reportBodies)[0]).toMatchObject({ step: 'started', outcome: 'running' }), {
      timeout: REPORT_BATCH_MS * 5,
    });
    await allSent();
  });

  it('sends the reports still waiting when the page is left, with keepalive', async () => {
    const hide: (() => void)[] = [];
    vi.stubGlobal('addEventListener', (type: string, listener: () => void) => type === 'pagehide' && hide.push(listener));
    const { deps, reportBodies, allSent } = guestWithoutDevices();
    const keepalives: (boolean | undefined)[] = [];
    const recorded = globalThis.fetch;
    vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
      if (String(url).endsWith('/media-check')) keepalives.push(init?.keepalive);
      return recorded(url, init);
    });
    const check = createMediaCheck(deps);
    void check.run();
    // A microtask or two: the check's first report waits for the batching moment (100 ms) to end.
    for (let i = 0; i < 3; i++) await Promise.resolve();
    expect(reportBodies).toEqual([]);
    for (const listener of hide) listener();
    expect(reportsIn(reportBodies)[0]).toMatchObject({ step: 'started', outcome: 'running' });
    expect(keepalives).toEqual([true]);
    await allSent();
  });

  it('waits for a camera still starting (its permission prompt open), then checks what it became', async () => {
    const { deps, allSent } = guestWithoutDevices();
    const media = deps.media as unknown as {
      declined: Signal<{ audio: boolean; video: boolean }>;
      startingKind: Signal<{ audio: boolean; video: boolean }>;
      errors: Signal<{ audio: unknown; video: unknown }>;
    };
    media.declined.value = { audio: true, video: false };
    media.startingKind.value = { audio: false, video: true };
    const check = createMediaCheck(deps);
    const running = check.run();
    await vi.waitFor(() => expect(check.steps.value.microphone.state).toBe('skipped'));
    // Not "no camera picture" while the prompt is open: the step runs.
    expect(check.steps.value.camera.state).toBe('running');
    media.errors.value = { audio: null, video: { kind: 'video', failure: 'permission-denied', message: 'denied' } };
    media.startingKind.value = { audio: false, video: false };
    await running;
    expect(check.steps.value.camera).toMatchObject({ state: 'failed', problem: 'camera-denied' });
    await allSent();
  });
});
