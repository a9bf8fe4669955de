import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { createSession } from '../../server/auth/sessions.ts';
import { testConfig } from '../../server/config.ts';
import { createBackend } from '../../server/create-backend.ts';
import { newId } from '../../server/lib/ids.ts';
import { createMemoryMailer } from '../server/memory-mailer.ts';
import { createMemoryStorage } from '../../server/storage/lowdb/lowdb-storage.ts';
import { snapshotState } from '../server/state-snapshot.ts';
import { WORLD_TWILIO_TOKEN } from '../server/test-world.ts';

export interface Participant {
  id: string;
  token: string;
}

/**
 * The real server (HTTP, PeerServer gate, room channel, Media Streams endpoint) listening on
 * loopback, with one meeting and its host, for fuzzing what arrives over sockets. Anything the
 * process could not survive (an uncaught exception, an unhandled rejection) is counted.
 */
export async function createSocketRig() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'socket-fuzz-'));
  const config = testConfig({
    dataDir,
    dialIn: { number: '+1 555 010 0199', authToken: WORLD_TWILIO_TOKEN, maxCalls: 5 },
    joinTimeoutMs: 60_000,
  });
  const storage = createMemoryStorage();
  const backend = createBackend({ config, storage, mailer: createMemoryMailer() });
  const crashes: string[] = [];
  const onCrash = (error: unknown) =>
    crashes.push(
      String((error as Error)?.stack ?? error)
        .split('\n')
        .slice(0, 4)
        .join(' | '),
    );
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  await new Promise<void>((resolve) => backend.server.listen(0, '127.0.0.1', resolve));
  const port = (backend.server.address() as AddressInfo).port;

  const userId = newId();
  await storage.users.create({
    id: userId,
    email: 'host@example.com',
    name: 'Host',
    passwordHash: 'x',
    createdAt: new Date().toISOString(),
    features: { backgroundBlur: false, recording: false },
  });
  const cookie = `sid=${await createSession(storage, userId, new Date())}`;
  const json = (method: string, p: string, body?: unknown, headers: Record<string, string> = {}) =>
    backend.app.request(p, {
      method,
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const meeting = (await (
    await json('POST', '/api/meetings', { title: 'Fuzz', startsAt: '2026-12-01T09:00:00Z', durationMinutes: 30 })
  ).json()) as { id: string };

  return {
    port,
    backend,
    meetingId: meeting.id,
    crashes,
    /** A new participant of the meeting (the host again), whose sockets are not open yet. */
    async join(): Promise<Participant> {
      const body = (await (await json('POST', `/api/meetings/${meeting.id}/join`, { name: 'Fuzzer' })).json()) as {
        participant: { id: string };
        token: string;
      };
      return { id: body.participant.id, token: body.token };
    },
    async leave(p: Participant) {
      await json(
        'POST',
        `/api/meetings/${meeting.id}/leave`,
        { participantId: p.id, token: p.token },
        { [PARTICIPANT_ID_HEADER]: p.id, [PARTICIPANT_TOKEN_HEADER]: p.token },
      );
    },
    /** Storage (chat included), files and calls; rooms are left out (sockets come and go on purpose here). */
    async snapshot() {
      const { meetings: _rooms, ...rest } = await snapshotState(backend.deps, []);
      return rest;
    },
    async alive(): Promise<boolean> {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5_000) });
        return res.status === 200;
      } catch {
        return false;
      }
    },
    async close() {
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type SocketRig = Awaited<ReturnType<typeof createSocketRig>>;
