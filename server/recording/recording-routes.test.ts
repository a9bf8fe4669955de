import { readFileSync } from 'node:fs';
import { stat, utimes } from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { chatHistory } from '../../test/server/chat-history.ts';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { RECORDING_CHUNK_MAX_BYTES } from '../../shared/api/recordings.ts';
import { ErrorCode } from '../../shared/api/errors.ts';
import type { ServerEvent } from '../../shared/room-events.ts';
import { LeaveReason } from '../../shared/room-events.ts';
import type { Config } from '../config.ts';
import { normaliseStoreData } from '../storage/records.ts';
import { createTestApp } from '../../test/server/test-app.ts';

const RECORDED = readFileSync(new URL('../../test/fixtures/chrome-vp8-opus-3s.webm', import.meta.url));
/** The fixture in upload-sized pieces: the head and some video first, as a recorder's first chunk is. */
const CHUNKS = [RECORDED.subarray(0, 4096), RECORDED.subarray(4096, 30_000), RECORDED.subarray(30_000)];

/** A meeting whose host has the add-on, with the host and a guest in the call; every room event is kept. */
async function recordingRoom(config: Partial<Config> = {}) {
  const t = createTestApp(config);
  const host = await t.signUp();
  await t.accountFeatures.set({ id: host.user.id }, { recording: true }, { kind: 'cli', osUser: 'test' });
  const meeting = await t.createMeeting(host.headers);
  const invite = await t.guestLink(host.headers, meeting.id);
  const base = `/api/meetings/${meeting.id}`;
  const events = new Map<string, ServerEvent[]>();

  async function enter(access: Record<string, string>, name: string) {
    const res = await t.json('POST', `${base}/join`, { name }, access);
    const { participant, token } = await res.json();
    const seen: ServerEvent[] = [];
    events.set(name, seen);
    t.hub.connect(meeting.id, participant.id, { send: (text) => seen.push(JSON.parse(text)), close() {} });
    const headers: Record<string, string> = { ...access, [PARTICIPANT_ID_HEADER]: participant.id, [PARTICIPANT_TOKEN_HEADER]: token };
    return { id: participant.id as string, headers };
  }
  const inCall = { host: await enter(host.headers, 'Hanna'), guest: await enter({ [INVITE_HEADER]: invite }, 'Gus') };
  const stranger = await t.signUp('stranger@example.com', 'Stan Stranger');
  const start = (headers: Record<string, string> = inCall.host.headers) => t.json('POST', `${base}/recordings`, undefined, headers);
  const put = (recordingId: string, seq: number | string, body: Uint8Array | string, headers = host.headers) =>
    t.app.request(`${base}/recordings/${recordingId}/chunks/${seq}`, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/octet-stream' },
      body: body as BodyInit,
    });
  const recordingsOf = async () => (await t.storage.dump()).recordings;
  return { ...t, host, meeting, invite, base, events, enter, inCall, stranger, start, put, recordingsOf };
}

type Room = Awaited<ReturnType<typeof recordingRoom>>;

async function startedRecording(room: Room): Promise<string> {
  const res = await room.start();
  expect(res.status).toBe(201);
  return (await res.json()).recording.id;
}

async function uploadAll(room: Room, id: string) {
  for (const [seq, chunk] of CHUNKS.entries()) expect((await room.put(id, seq, chunk)).status).toBe(200);
}

async function recordedAndStopped(room: Room): Promise<string> {
  const id = await startedRecording(room);
  await uploadAll(room, id);
  expect((await room.json('POST', `${room.base}/recordings/${id}/stop`, undefined, room.host.headers)).status).toBe(200);
  return id;
}

const recordingEvents = (room: Room, name: string) => room.events.get(name)!.filter((e) => e.type === 'recording-state');

describe('starting a recording', () => {
  it('is refused to everyone but the host in the call with the add-on: guest, stranger, signed out, host outside the call', async () => {
    const room = await recordingRoom();
    const { guest } = room.inCall;
    for (const headers of [guest.headers, { [INVITE_HEADER]: room.invite }, room.stranger.headers, {}, room.host.headers]) {
      const res = await room.start(headers);
      expect(res.status).toBe(403);
    }
    await room.accountFeatures.set({ id: room.host.user.id }, { recording: false }, { kind: 'cli', osUser: 'test' });
    const off = await room.start();
    expect(off.status).toBe(403);
    expect((await off.json()).error.message).toMatch(/add-on/);
    expect(await room.recordingsOf()).toEqual([]);
    expect(recordingEvents(room, 'Gus')).toEqual([]);
  });

  it('tells everyone at once (indicator and chat notice), a late joiner in the welcome, and allows one at a time', async () => {
    const room = await recordingRoom();
    const id = await startedRecording(room);
    for (const name of ['Hanna', 'Gus']) {
      expect(recordingEvents(room, name)).toEqual([
        { type: 'recording-state', recording: { id, startedAt: expect.any(String), startedBy: 'Hanna', recorderId: room.inCall.host.id } },
      ]);
    }
    const notices = (await chatHistory(room, room.meeting.id)).filter((m) => m.kind === 'notice');
    expect(notices.map((m) => [m.text, m.audience])).toEqual([[expect.stringMatching(/Hanna started recording/), 'all']]);
    await room.enter({ [INVITE_HEADER]: room.invite }, 'Late');
    const welcome = room.events.get('Late')!.find((e) => e.type === 'welcome');
    expect(welcome).toMatchObject({ recording: { id, startedBy: 'Hanna' } });
    expect((await room.start()).status).toBe(409);
  });
});

describe('chunks', () => {
  it('are written in order; a retried chunk is answered without writing it twice', async () => {
    const room = await recordingRoom();
    const id = await startedRecording(room);
    const first = await room.put(id, 0, CHUNKS[0]!);
    expect(first.status).toBe(200);
    const { size } = await first.json();
    const retry = await room.put(id, 0, CHUNKS[0]!);
    expect(await retry.json()).toEqual({ seq: 0, size });
    expect((await room.put(id, 2, CHUNKS[2]!)).status).toBe(409);
    expect((await room.put(id, 1, CHUNKS[1]!)).status).toBe(200);
    expect((await stat(room.recordingFiles.pathOf(room.meeting.id, id))).size).toBe(size + CHUNKS[1]!.length);
    const listed = await (await room.json('GET', `${room.base}/recordings`, undefined, room.host.headers)).json();
    expect(listed.recordings).toEqual([expect.objectContaining({ id, state: 'recording', size: size + CHUNKS[1]!.length })]);
  });

  it('take a WebM head cut across several chunks, as a busy recorder sends it', async () => {
    const room = await recordingRoom();
    const id = await startedRecording(room);
    const pieces = [RECORDED.subarray(0, 3), RECORDED.subarray(3, 60), RECORDED.subarray(60, 5000), RECORDED.subarray(5000)];
    for (const [seq, piece] of pieces.entries()) expect((await room.put(id, seq, piece)).status).toBe(200);
    const { recording } = await (await room.json('POST', `${room.base}/recordings/${id}/stop`, undefined, room.host.headers)).json();
    expect(recording.durationMs).toBeGreaterThan(2990);
  });

  it('forget a recording whose head never arrived whole', async () => {
    const room = await recordingRoom();
    const id = await startedRecording(room);
    expect((await room.put(id, 0, RECORDED.subarray(0, 40))).status).toBe(200);
    expect((await room.json('POST', `${room.base}/recordings/${id}/stop`, undefined, room.host.headers)).status).toBe(204);
    expect(await room.recordingsOf()).toEqual([]);
    expect(await stat(room.recordingFiles.pathOf(room.meeting.id, id)).catch(() => null)).toBeNull();
  });

  it.each([
    ['a first chunk that is not WebM', 0, 'hello, not a video', 415, ErrorCode.UnsupportedMediaType, /^a recording must be WebM: /],
    ['an empty chunk', 0, '', 400, ErrorCode.BadRequest, /^the chunk is empty$/],
    ['a chunk number that is not a number', 'abc', 'x', 400, ErrorCode.BadRequest, /^the chunk number must be a whole number from 0$/],
    ['a negative chunk number', '-1', 'x', 400, ErrorCode.BadRequest, /^the chunk number must be a whole number from 0$/],
    ['a chunk number with a leading zero', '01', 'x', 400, ErrorCode.BadRequest, /^the chunk number must be a whole number from 0$/],
    ['a chunk number too large', '99999999', 'x', 400, ErrorCode.BadRequest, /^the chunk number must be a whole number from 0$/],
    ['a chunk out of order', 1, 'x', 409, ErrorCode.Conflict, /^expected chunk 0, got 1$/],
  ])('refuse %s with its status and error code, and store nothing', async (_name, seq, body, status, code, message) => {
    const room = await recordingRoom();
    const id = await startedRecording(room);
    const res = await room.put(id, seq, body);
    expect(res.status).toBe(status);
    const { error } = await res.json();
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(await stat(room.recordingFiles.pathOf(room.meeting.id, id)).catch(() => null)).toBeNull();
  });

  it('refuse a chunk over the chunk limit and a recording over its limit, keeping what was there', async () => {
    const room = await recordingRoom({ recording: { maxBytes: 1024 * 1024 * 1.5, idleMs: 60_000 } });
    const id = await startedRecording(room);
    expect((await room.put(id, 0, new Uint8Array(RECORDING_CHUNK_MAX_BYTES + 1))).status).toBe(413);
    expect((await room.put(id, 0, CHUNKS[0]!)).status).toBe(200);
    const size = (await stat(room.recordingFiles.pathOf(room.meeting.id, id))).size;
    const tooMuch = await room.put(id, 1, new Uint8Array(1024 * 1024 * 1.5));
    expect(tooMuch.status).toBe(413);
    expect((await tooMuch.json()).error.message).toMatch(/limit/);
    expect((await stat(room.recordingFiles.pathOf(room.meeting.id, id))).size).toBe(size);
  });

  it('are refused from a guest, a stranger and for an unknown or finished recording', async () => {
    const room = await recordingRoom();
    const id = await startedRecording(room);
    expect((await room.put(id, 0, CHUNKS[0]!, room.inCall.guest.headers)).status).toBe(403);
    expect((await room.put(id, 0, CHUNKS[0]!, room.stranger.headers)).status).toBe(403);
    expect((await room.put('UnknownRecording000001', 0, CHUNKS[0]!)).status).toBe(404);
    expect((await room.put('../../etc', 0, CHUNKS[0]!)).status).toBe(404);
    await uploadAll(room, id);
    await room.json('POST', `${room.base}/recordings/${id}/stop`, undefined, room.host.headers);
    expect((await room.put(id, 3, CHUNKS[0]!)).status).toBe(409);
  });
});

describe('stopping', () => {
  it('finalises the file with its duration, tells everyone, and answers the same when asked again', async () => {
    const room = await recordingRoom();
    const id = await startedRecording(room);
    await uploadAll(room, id);
    const stop = () => room.json('POST', `${room.base}/recordings/${id}/stop`, undefined, room.host.headers);
    const { recording } = await (await stop()).json();
    expect(recording).toMatchObject({ id, state: 'ready', endedAt: expect.any(String) });
    expect(recording.durationMs).toBeGreaterThan(2990);
    expect(recording.durationMs).toBeLessThan(3070);
    expect(recordingEvents(room, 'Gus').at(-1)).toEqual({ type: 'recording-state', recording: null });
    const notices = (await chatHistory(room, room.meeting.id)).filter((m) => m.kind === 'notice');
    expect(notices.at(-1)?.text).toBe('Recording stopped after 0:03.');
    expect((await (await stop()).json()).recording).toEqual(recording);
    expect((await room.json('POST', `${room.base}/recordings/${id}/stop`, undefined, room.inCall.guest.headers)).status).toBe(403);
  });

  it('happens by itself when the recording host leaves the call, keeping what was uploaded', async () => {
    const room = await recordingRoom();
    const id = await startedRecording(room);
    expect((await room.put(id, 0, CHUNKS[0]!)).status).toBe(200);
    room.hub.leave(room.meeting.id, room.inCall.host.id, LeaveReason.TimedOut);
    await vi.waitFor(async () => expect((await room.recordingsOf())[0]).toMatchObject({ id, state: 'ready' }));
    expect((await room.recordingsOf())[0]!.durationMs).toBeGreaterThan(0);
    expect(recordingEvents(room, 'Gus').at(-1)).toEqual({ type: 'recording-state', recording: null });
    expect((await chatHistory(room, room.meeting.id)).at(-1)?.text).toMatch(/the host left/);
  });

  it('happens by itself when no chunk comes for a while; one that never got a byte is forgotten', async () => {
    const room = await recordingRoom({ recording: { maxBytes: 1e9, idleMs: 1000 } });
    await startedRecording(room);
    await vi.waitFor(() => expect(recordingEvents(room, 'Gus').at(-1)).toEqual({ type: 'recording-state', recording: null }), {
      timeout: 3000,
    });
    await vi.waitFor(async () => expect(await room.recordingsOf()).toEqual([]));
  });
});

describe('the recordings of a meeting', () => {
  it('are listed, played (with ranges), downloaded and deleted by the owner only; others get 403', async () => {
    const room = await recordingRoom();
    const id = await recordedAndStopped(room);
    const url = `${room.base}/recordings/${id}`;
    const others = [room.inCall.guest.headers, { [INVITE_HEADER]: room.invite }, room.stranger.headers, {}];
    for (const headers of others) {
      expect((await room.json('GET', `${room.base}/recordings`, undefined, headers)).status).toBe(403);
      expect((await room.app.request(`${url}/file`, { headers })).status).toBe(403);
      expect((await room.json('DELETE', url, undefined, headers)).status).toBe(403);
    }
    const list = await (await room.json('GET', `${room.base}/recordings`, undefined, room.host.headers)).json();
    expect(list.recordings).toEqual([expect.objectContaining({ id, state: 'ready' })]);
    const mine = await (await room.json('GET', '/api/recordings', undefined, room.host.headers)).json();
    expect(mine.recordings.map((r: { id: string }) => r.id)).toEqual([id]);
    expect((await (await room.json('GET', '/api/recordings', undefined, room.stranger.headers)).json()).recordings).toEqual([]);

    const whole = await room.app.request(`${url}/file?download=1`, { headers: room.host.headers });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/webm');
    expect(whole.headers.get('content-disposition')).toMatch(/^attachment; filename="Call /);
    const bytes = Buffer.from(await whole.arrayBuffer());
    expect(bytes.length).toBe(list.recordings[0].size);
    expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    const part = await room.app.request(`${url}/file`, { headers: { ...room.host.headers, range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);

    expect((await room.json('DELETE', url, undefined, room.host.headers)).status).toBe(204);
    expect(await room.recordingsOf()).toEqual([]);
    expect(await stat(room.recordingFiles.pathOf(room.meeting.id, id)).catch(() => null)).toBeNull();
    expect((await room.app.request(`${url}/file`, { headers: room.host.headers })).status).toBe(404);
  });

  it('cannot be played or deleted while recording, and go with their meeting', async () => {
    const room = await recordingRoom();
    const id = await startedRecording(room);
    await uploadAll(room, id);
    const url = `${room.base}/recordings/${id}`;
    expect((await room.app.request(`${url}/file`, { headers: room.host.headers })).status).toBe(409);
    expect((await room.json('DELETE', url, undefined, room.host.headers)).status).toBe(409);
    expect((await room.json('DELETE', room.base, undefined, room.host.headers)).status).toBe(204);
    expect(await room.recordingsOf()).toEqual([]);
    expect(await stat(room.recordingFiles.pathOf(room.meeting.id, id)).catch(() => null)).toBeNull();
  });

  /** The process dies (or the meeting moves to another node): a fresh service over the same storage and files, with its own hub. */
  async function anotherProcess(room: Room) {
    const { createRecordingService } = await import('./recording-service.ts');
    const { RoomHub } = await import('../rooms/room-hub.ts');
    const hub = new RoomHub(room.config);
    const service = createRecordingService({ ...room, recordings: room.storage.recordings, hub, files: room.recordingFiles });
    return { service, hub };
  }
  const backdate = async (room: Room, id: string, ms: number) => {
    const when = new Date(Date.now() - ms);
    for (const file of [
      room.recordingFiles.pathOf(room.meeting.id, id),
      room.recordingFiles.pathOf(room.meeting.id, id).replace(/\.webm$/, '.progress.json'),
    ]) {
      await utimes(file, when, when);
    }
  };

  it('left unfinished by a crash long ago are finalised at the next start', async () => {
    const room = await recordingRoom();
    const id = await startedRecording(room);
    await uploadAll(room, id);
    await backdate(room, id, room.config.recording.idleMs + 1_000);
    const after = await anotherProcess(room);
    expect(await after.service.recover()).toBe(1);
    expect((await room.recordingsOf())[0]).toMatchObject({ id, state: 'ready', durationMs: expect.any(Number) });
    expect((await room.recordingsOf())[0]!.durationMs).toBeGreaterThan(2990);
  });

  it('left by a process that stopped a moment ago wait for the idle time (a page, or another node, may carry on), then are finalised', async () => {
    const room = await recordingRoom({ recording: { maxBytes: 50 * 1024 * 1024, idleMs: 1_500 } });
    const id = await startedRecording(room);
    await uploadAll(room, id);
    const after = await anotherProcess(room);
    expect(await after.service.recover()).toBe(0);
    expect((await room.recordingsOf())[0]).toMatchObject({ id, state: 'recording' });
    await vi.waitFor(async () => expect((await room.recordingsOf())[0]).toMatchObject({ id, state: 'ready' }), {
      timeout: 10_000,
      interval: 100,
    });
    await after.service.close();
  });

  it('carry on in another process (a failover or a drain moved the meeting): the next chunk continues the file, stop finalises it whole', async () => {
    const room = await recordingRoom();
    const id = await startedRecording(room);
    const [first, second, third] = [CHUNKS[0]!, CHUNKS[1]!, CHUNKS[2]!];
    expect((await room.put(id, 0, first)).status).toBe(200);
    const { size } = await (await room.put(id, 1, second)).json();
    const other = await anotherProcess(room);
    // The pages reconnect there first: the welcome will show the recording, with who records.
    const welcome: ServerEvent[] = [];
    await other.service.adoptFor(room.meeting.id);
    const joined = other.hub.join(room.meeting.id, { name: 'Gus', role: 'guest', audioMuted: false, videoMuted: false });
    other.hub.connect(room.meeting.id, joined.participant.id, { send: (t) => void welcome.push(JSON.parse(t)), close() {} });
    expect(welcome[0]).toMatchObject({ type: 'welcome', recording: { id, startedBy: 'Hanna', recorderId: room.inCall.host.id } });
    expect(await other.service.list(room.meeting.id)).toMatchObject([{ id, state: 'recording', size }]);
    // A retry of the last chunk whose answer was lost, then the next one.
    expect(await other.service.appendChunk(room.meeting.id, id, 1, second)).toEqual({ seq: 1, size });
    await expect(other.service.appendChunk(room.meeting.id, id, 3, third)).rejects.toThrow(/expected chunk 2/);
    expect(await other.service.appendChunk(room.meeting.id, id, 2, third)).toEqual({ seq: 2, size: size + third.length });
    const done = await other.service.stop(room.meeting.id, id);
    expect(done).toMatchObject({ id, state: 'ready' });
    expect(done!.durationMs).toBeGreaterThan(2990);
    await other.service.close();
  });

  it('carry on in another process even when the head was not complete yet', async () => {
    const room = await recordingRoom();
    const id = await startedRecording(room);
    // The first chunk ends inside the WebM head: the head is kept until it is whole.
    expect((await room.put(id, 0, RECORDED.subarray(0, 20))).status).toBe(200);
    const other = await anotherProcess(room);
    expect(await other.service.appendChunk(room.meeting.id, id, 1, RECORDED.subarray(20, 30_000))).toMatchObject({ seq: 1 });
    expect(await other.service.appendChunk(room.meeting.id, id, 2, RECORDED.subarray(30_000))).toMatchObject({ seq: 2 });
    expect((await other.service.stop(room.meeting.id, id))!.durationMs).toBeGreaterThan(2990);
    await other.service.close();
  });
});

it('an older data file without recordings loads with none', () => {
  const data = normaliseStoreData({ version: 1, users: [], sessions: [], meetings: [], invites: [] });
  expect(data.recordings).toEqual([]);
  expect(() => normaliseStoreData({ version: 1, recordings: {} })).toThrow(/recordings/);
});
