import { signal } from '@preact/signals';
import { expect, vi } from 'vitest';
import type { MediaCheckDeps } from '../../pwa/src/media-check/create-media-check.ts';
import type { LocalMedia } from '../../pwa/src/media/local-media.ts';

/**
 * A guest who goes without camera and microphone, for the media check's tests: the check is then
 * its reports and the network step. Every request is recorded (path only) and answered 503.
 */
export function guestWithoutDevices(): {
  deps: MediaCheckDeps;
  requests: string[];
  reportBodies: unknown[];
  allSent: () => Promise<void>;
} {
  const requests: string[] = [];
  /** The body of each request to the media-check reports' route, parsed. */
  const reportBodies: unknown[] = [];
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    requests.push(String(url).split('?')[0]!);
    if (String(url).endsWith('/media-check')) reportBodies.push(JSON.parse(String(init?.body)));
    return new Response('{}', { status: 503, headers: { 'content-type': 'application/json' } });
  });
  const media = {
    declined: signal({ audio: true, video: true }),
    startingKind: signal({ audio: false, video: false }),
    errors: signal({ audio: null, video: null }),
    videoTrack: signal(null),
    audioTrack: signal(null),
    decline: () => undefined,
  } as unknown as LocalMedia;
  const deps: MediaCheckDeps = {
    meetingId: 'meet-1',
    media,
    headers: {},
    name: () => 'Gus',
    reportToHost: true,
    platform: { browser: 'chrome', os: 'linux' },
  };
  /**
   * Resolves once the check has sent its last reports (the end and the fixing steps). A test that
   * ended sooner left a batch waiting, which went out through the next test's fetch and into its
   * records (the next test then saw a "troubleshooting" report before its own first one).
   */
  const allSent = () =>
    vi.waitFor(() => {
      const kinds = reportBodies
        .flatMap((body) => (body as { reports?: unknown[] }).reports ?? [body])
        .map((r) => (r as { step?: string; type: string }).step ?? (r as { type: string }).type);
      expect(kinds).toEqual(expect.arrayContaining(['finished', 'troubleshooting']));
    });
  return { deps, requests, reportBodies, allSent };
}
