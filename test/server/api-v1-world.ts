import { API_SCOPES, type ApiScope } from '../../shared/api/api-keys.ts';
import type { Config } from '../../server/config.ts';
import { newId } from '../../server/lib/ids.ts';
import { expectDocumentedAnswer, type OpenApiDoc } from './openapi-conformance.ts';
import { createTestApp } from './test-app.ts';

/**
 * An app with a signed-up host, for `/api/v1` tests: keys made through the account API as a user
 * would, requests that carry only the key (no cookie), and a finished recording on disk.
 */
export async function createApiWorld(overrides: Partial<Config> = {}) {
  const t = createTestApp(overrides);
  const host = await t.signUp('host@example.com', 'Hanna Host');

  /** A new key of the host's (or of whoever's session `headers` carry) with these scopes. */
  async function makeKey(scopes: readonly ApiScope[] = API_SCOPES, headers = host.headers): Promise<string> {
    const res = await t.json('POST', '/api/auth/api-keys', { name: 'test key', scopes }, headers);
    if (res.status !== 201) throw new Error(`making a key failed: ${res.status} ${await res.text()}`);
    return (await res.json()).key;
  }

  /** A request to `/api/v1` with only the key. */
  const call = (key: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.app.request(`/api/v1${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  /** A recording that is finished, as the recording add-on leaves one: its record and its file. */
  async function readyRecording(meetingId: string, bytes: Uint8Array): Promise<string> {
    const id = newId();
    await t.recordingFiles.write(meetingId, id, 0, bytes);
    await t.storage.recordings.create({
      id,
      meetingId,
      ownerId: host.user.id,
      startedAt: '2026-11-25T10:00:00.000Z',
      endedAt: '2026-11-25T10:30:00.000Z',
      durationMs: 1_800_000,
      size: bytes.length,
      state: 'ready',
      source: 'browser',
      error: null,
    });
    return id;
  }

  const doc = (await (await call(null, 'GET', '/openapi.json')).json()) as OpenApiDoc;
  /** `call`, its answer checked against the OpenAPI document (a status or body it does not document throws). */
  async function checked(key: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await call(key, method, path, body, headers);
    type Body = Record<string, unknown> & { error?: { code: string; message: string } };
    return { status: res.status, headers: res.headers, res, body: (await expectDocumentedAnswer(doc, method, path, res)) as Body };
  }

  return { ...t, host, makeKey, call, checked, doc, readyRecording };
}

export type ApiWorld = Awaited<ReturnType<typeof createApiWorld>>;
