import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app.ts';
import { assembleDeps } from '../../server/app-deps.ts';
import { testConfig, type Config } from '../../server/config.ts';
import type { BridgeStarter } from '../../server/dialin/dial-in-service.ts';
import type { Mailer } from '../../server/mail/mailer.ts';
import { createMemoryMailer } from './memory-mailer.ts';
import { createMemoryStorage } from '../../server/storage/lowdb/lowdb-storage.ts';
import type { Storage } from '../../server/storage/repositories.ts';

export const TEST_PASSWORD = 'correct horse battery';

/**
 * A complete app on in-memory storage (lowdb's in-memory variant; files in a temp folder), for
 * `app.request()` tests. `storage` runs it on another implementation instead (e.g. PostgreSQL).
 */
export function createTestApp(
  overrides: Partial<Config> = {},
  options: { mailer?: Mailer; startBridge?: BridgeStarter; audioDropped?: () => number; storage?: Storage } = {},
) {
  const config = testConfig({ dataDir: mkdtempSync(path.join(tmpdir(), 'app-test-')), ...overrides });
  const memoryMailer = createMemoryMailer();
  let now = new Date('2026-11-25T10:00:00Z');
  const deps = assembleDeps({
    config,
    storage: options.storage ?? createMemoryStorage(),
    mailer: options.mailer ?? memoryMailer,
    clock: () => now,
    bridge: options.startBridge ? () => ({ start: options.startBridge!, audioDropped: options.audioDropped ?? (() => 0) }) : undefined,
  });
  const app = createApp(deps);
  const json = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(path, {
      method,
      // As a browser's own page sends them (the CSRF check refuses cookie requests without it).
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  /** Signs up a user and returns headers that carry their session cookie. */
  async function signUp(email = 'host@example.com', name = 'Hanna Host') {
    const res = await json('POST', '/api/auth/signup', { email, password: TEST_PASSWORD, name });
    if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const { user } = await res.json();
    // As the browser's own page sends them: the CSRF check refuses cookie requests from elsewhere.
    return { user, headers: { cookie, 'sec-fetch-site': 'same-origin' } as Record<string, string> };
  }

  /** Without a waiting room unless asked (the product's default is on; most tests are about other things). */
  async function createMeeting(headers: Record<string, string>, title = 'Call', options: { waitingRoom?: boolean } = {}) {
    const body = { title, startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30, waitingRoom: options.waitingRoom ?? false };
    const res = await json('POST', '/api/meetings', body, headers);
    if (res.status !== 201) throw new Error(`create meeting failed: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; title: string };
  }

  async function guestLink(headers: Record<string, string>, meetingId: string) {
    const res = await json('GET', `/api/meetings/${meetingId}/invites`, undefined, headers);
    const { link } = await res.json();
    return new URL(link).searchParams.get('invite')!;
  }

  /** Moves the app's clock on (it stands still otherwise). */
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  return { ...deps, app, mailer: memoryMailer, json, signUp, createMeeting, guestLink, advance };
}
