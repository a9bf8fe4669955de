import { describe, expect, it } from 'vitest';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { createApiWorld } from '../../test/server/api-v1-world.ts';

const BYTES = new Uint8Array(Array.from({ length: 100 }, (_, i) => i));

async function world() {
  const t = await createApiWorld();
  const key = await t.makeKey(['recordings:read', 'meetings:read', 'meetings:write']);
  const meeting = await t.createMeeting(t.host.headers, 'Quarterly review');
  const base = `/meetings/${meeting.id}`;
  const api = (method: string, path: string, headers: Record<string, string> = {}) => t.checked(key, method, path, undefined, headers);
  return { ...t, key, meeting, base, api };
}

describe('/api/v1 recordings', () => {
  it('lists a meeting’s recordings and downloads one whole, as a WebM attachment', async () => {
    const t = await world();
    const id = await t.readyRecording(t.meeting.id, BYTES);
    const list = await t.api('GET', `${t.base}/recordings`);
    expect(list.body.recordings).toEqual([expect.objectContaining({ id, state: 'ready', size: 100, durationMs: 1_800_000 })]);
    const file = await t.api('GET', `${t.base}/recordings/${id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('video/webm');
    expect(file.headers.get('accept-ranges')).toBe('bytes');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(new Uint8Array(await file.res.arrayBuffer())).toEqual(BYTES);
  });

  it('answers a range request with 206 and just those bytes', async () => {
    const t = await world();
    const id = await t.readyRecording(t.meeting.id, BYTES);
    const part = await t.api('GET', `${t.base}/recordings/${id}/file`, { range: 'bytes=10-19' });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 10-19/100');
    expect(part.headers.get('content-length')).toBe('10');
    expect(new Uint8Array(await part.res.arrayBuffer())).toEqual(BYTES.slice(10, 20));
    const tail = await t.api('GET', `${t.base}/recordings/${id}/file`, { range: 'bytes=-5' });
    expect(new Uint8Array(await tail.res.arrayBuffer())).toEqual(BYTES.slice(95));
  });

  it('deletes a recording, its file with it', async () => {
    const t = await world();
    const id = await t.readyRecording(t.meeting.id, BYTES);
    expect((await t.api('DELETE', `${t.base}/recordings/${id}`)).status).toBe(204);
    expect((await t.api('GET', `${t.base}/recordings`)).body.recordings).toEqual([]);
    expect(await t.recordingFiles.open(t.meeting.id, id)).toBeNull();
    expect((await t.api('DELETE', `${t.base}/recordings/${id}`)).status).toBe(404);
    expect((await t.api('GET', `${t.base}/recordings/${id}/file`)).status).toBe(404);
  });

  it('refuses to hand out a recording still being made (409)', async () => {
    const t = await world();
    await t.storage.recordings.create({
      id: 'RunningRecording1',
      meetingId: t.meeting.id,
      ownerId: t.host.user.id,
      startedAt: '2026-11-25T10:00:00.000Z',
      endedAt: null,
      durationMs: 0,
      size: 0,
      state: 'recording',
      source: 'browser',
      error: null,
    });
    const res = await t.api('GET', `${t.base}/recordings/RunningRecording1/file`);
    expect(res.status).toBe(409);
    expect(res.body.error!.message).toBe('the recording is still running');
  });

  it("does not reach another account's recordings (404)", async () => {
    const t = await world();
    const other = await t.signUp('other@example.com', 'Olaf Other');
    const theirs = await t.createMeeting(other.headers, 'Private');
    const id = await t.readyRecording(theirs.id, BYTES);
    expect((await t.api('GET', `/meetings/${theirs.id}/recordings`)).status).toBe(404);
    expect((await t.api('GET', `/meetings/${theirs.id}/recordings/${id}/file`)).status).toBe(404);
    expect((await t.api('DELETE', `/meetings/${theirs.id}/recordings/${id}`)).status).toBe(404);
    expect(await t.recordingFiles.open(theirs.id, id)).not.toBeNull();
  });
});

describe('/api/v1 participants of a live meeting', () => {
  it('lists who is in the call now: nobody, then the host and a guest', async () => {
    const t = await world();
    expect((await t.api('GET', `${t.base}/participants`)).body).toEqual({ participants: [] });
    /** Joins as the page does, and opens the room channel (only then is one on the roster). */
    const enter = async (name: string, access: Record<string, string>) => {
      const { participant } = await (await t.json('POST', `/api/meetings/${t.meeting.id}/join`, { name }, access)).json();
      t.hub.connect(t.meeting.id, participant.id, { send() {}, close() {} });
    };
    await enter('Hanna', t.host.headers);
    await enter('Gus', { [INVITE_HEADER]: await t.guestLink(t.host.headers, t.meeting.id) });
    const { participants } = (await t.api('GET', `${t.base}/participants`)).body as { participants: { name: string; role: string }[] };
    expect(participants.map((p) => [p.name, p.role])).toEqual([
      ['Hanna', 'host'],
      ['Gus', 'guest'],
    ]);
  });
});
