import { existsSync } from 'node:fs';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INVITE_HEADER } from '../../../shared/api/invites.ts';
import type { RoomRecording } from '../../../shared/api/recordings.ts';
import { LeaveReason, MediaMode, type ServerEvent } from '../../../shared/room-events.ts';
import { chatHistory } from '../../../test/server/chat-history.ts';
import { createTestApp } from '../../../test/server/test-app.ts';
import type { SfuRooms } from '../../sfu/sfu-rooms.ts';
import { createRecordingService } from '../recording-service.ts';

/**
 * The recording service with server recordings, around a Janus that is not there: its rooms only
 * note what they are asked (recording into which folder), so no `.mjr` file is ever written —
 * post-processing then fails, which is what a failure must look like. The e2e test
 * (e2e/sfu-recording.e2e.ts) records with the real Janus and tools.
 */
async function sfuMeeting(initialMode: MediaMode = MediaMode.Sfu) {
  let mode = initialMode;
  const switchListeners: Array<(meetingId: string) => void> = [];
  const t = createTestApp();
  const host = await t.signUp();
  const meeting = await t.createMeeting(host.headers);
  const invite = await t.guestLink(host.headers, meeting.id);
  const asked: Array<{ meetingId: string; dir: string | null }> = [];
  const rooms = {
    ensure: async (meetingId: string) => meetingId,
    record: async (meetingId: string, dir: string | null) => void asked.push({ meetingId, dir }),
  } as unknown as SfuRooms;
  const service = createRecordingService({
    recordings: t.storage.recordings,
    hub: t.hub,
    chat: t.chat,
    files: t.recordingFiles,
    config: t.config,
    clock: () => new Date(),
    server: {
      sfu: { rooms: () => rooms, onRestart: () => () => undefined },
      modeOf: () => mode,
      onSwitched: (listener) => {
        switchListeners.push(listener);
        return () => undefined;
      },
    },
  });
  const indicator: Array<RoomRecording | null> = [];
  const enter = async (access: Record<string, string>, name: string) => {
    const { participant } = await (await t.json('POST', `/api/meetings/${meeting.id}/join`, { name }, access)).json();
    t.hub.connect(meeting.id, participant.id, {
      send: (text) => {
        const event = JSON.parse(text) as ServerEvent;
        if (event.type === 'recording-state') indicator.push(event.recording);
      },
      close() {},
    });
    return participant as { id: string; name: string };
  };
  const hostIn = await enter(host.headers, 'Hanna');
  await enter({ [INVITE_HEADER]: invite }, 'Gus');
  const list = () => service.list(meeting.id);
  const settled = async () => {
    for (let i = 0; i < 200; i++) {
      const server = (await list()).find((r) => r.source === 'server');
      if (server && server.state !== 'recording' && server.state !== 'processing') return server;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error('the server recording did not settle');
  };
  /** The meeting moves to the SFU, as media-modes.ts tells. */
  const moveToSfu = () => {
    mode = MediaMode.Sfu;
    for (const listener of switchListeners) listener(meeting.id);
  };
  return { t, meeting, host, hostIn, service, asked, indicator, list, settled, moveToSfu };
}

describe('recording on the server', () => {
  it('starts with the host’s recording in a meeting on the SFU: Janus records into the recording’s own folder', async () => {
    const { meeting, host, hostIn, service, asked, list, t } = await sfuMeeting();
    const browser = await service.start(meeting.id, host.user.id, hostIn);
    const recordings = await list();
    expect(recordings.map((r) => [r.source, r.state])).toEqual([
      ['browser', 'recording'],
      ['server', 'recording'],
    ]);
    const server = recordings.find((r) => r.source === 'server')!;
    expect(server.id).not.toBe(browser.id);
    const dir = t.recordingFiles.janusDirOf(meeting.id, server.id);
    expect(asked).toEqual([{ meetingId: meeting.id, dir }]);
    expect(existsSync(dir)).toBe(true);
  });

  it('records only in the host’s page on the mesh', async () => {
    const { meeting, host, hostIn, service, asked, list } = await sfuMeeting(MediaMode.Mesh);
    await service.start(meeting.id, host.user.id, hostIn);
    expect((await list()).map((r) => r.source)).toEqual(['browser']);
    expect(asked).toEqual([]);
  });

  it('starts when a meeting recorded on the mesh moves to the SFU', async () => {
    const { meeting, host, hostIn, service, asked, list, moveToSfu } = await sfuMeeting(MediaMode.Mesh);
    await service.start(meeting.id, host.user.id, hostIn);
    moveToSfu();
    await expect
      .poll(async () => (await list()).map((r) => [r.source, r.state]))
      .toEqual([
        ['browser', 'recording'],
        ['server', 'recording'],
      ]);
    await expect.poll(() => asked.length).toBe(1);
    // Once is enough.
    moveToSfu();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await list()).toHaveLength(2);
  });

  it('goes on when the host’s page leaves, and the room still shows it is recorded', async () => {
    const { meeting, host, hostIn, service, asked, list, indicator, t } = await sfuMeeting();
    await service.start(meeting.id, host.user.id, hostIn);
    const server = (await list()).find((r) => r.source === 'server')!;
    t.hub.leave(meeting.id, hostIn.id, LeaveReason.TimedOut);
    await expect.poll(async () => (await list()).find((r) => r.source === 'browser')?.state).not.toBe('recording');
    expect((await list()).find((r) => r.id === server.id)?.state).toBe('recording');
    expect(asked.at(-1)?.dir).not.toBeNull();
    expect(indicator.at(-1)).toMatchObject({ id: server.id, recorderId: '' });
    // …and the chat does not say the recording stopped.
    const notes = (await chatHistory(t, meeting.id)).map((m) => (m.kind === 'notice' ? m.note?.type : null)).filter(Boolean);
    expect(notes).toEqual(['recording-started']);
    // Stopped by its id (the host's API), Janus stops recording and the indicator goes.
    await service.stop(meeting.id, server.id);
    expect(asked.at(-1)).toEqual({ meetingId: meeting.id, dir: null });
    expect(indicator.at(-1)).toBeNull();
  });

  it('stops with the host’s Stop; a post-processing that fails leaves the reason on the recording, and it can be deleted', async () => {
    const { meeting, host, hostIn, service, asked, settled, t } = await sfuMeeting();
    const browser = await service.start(meeting.id, host.user.id, hostIn);
    const server = (await service.list(meeting.id)).find((r) => r.source === 'server')!;
    await expect(service.remove(meeting.id, server.id)).rejects.toThrow(/stop the recording/);
    await service.stop(meeting.id, browser.id);
    expect(asked.at(-1)).toEqual({ meetingId: meeting.id, dir: null });
    const failed = await settled();
    expect(failed).toMatchObject({ state: 'failed', error: 'Janus recorded nothing: nobody was sending while it recorded' });
    expect(failed.endedAt).not.toBeNull();
    await service.remove(meeting.id, server.id);
    expect(existsSync(t.recordingFiles.janusDirOf(meeting.id, server.id))).toBe(false);
    expect((await service.list(meeting.id)).map((r) => r.source)).not.toContain('server');
  });

  it('at start, makes what a crash left from Janus’s files once they are quiet; leaves one still being written', async () => {
    const { meeting, host, service, settled, t } = await sfuMeeting();
    const left = (id: string) => ({
      id,
      meetingId: meeting.id,
      ownerId: host.user.id,
      startedAt: new Date(Date.now() - 600_000).toISOString(),
      endedAt: null,
      durationMs: 0,
      size: 0,
      state: 'recording' as const,
      source: 'server' as const,
      error: null,
    });
    const written = async (id: string, ageMs: number) => {
      const dir = t.recordingFiles.janusDirOf(meeting.id, id);
      await mkdir(dir, { recursive: true });
      // A stream Janus opened but that never got a packet: no header.
      const file = path.join(dir, `videoroom-${meeting.id}-user-p1-1-audio-0.mjr`);
      await writeFile(file, 'MJR00002');
      const when = new Date(Date.now() - ageMs);
      await utimes(file, when, when);
    };
    await t.storage.recordings.create(left('CrashedLongAgo1'));
    await written('CrashedLongAgo1', 300_000);
    await t.storage.recordings.create(left('StillWritten01'));
    await written('StillWritten01', 0);
    await service.recover();
    const crashed = await settled();
    expect(crashed).toMatchObject({
      id: 'CrashedLongAgo1',
      state: 'failed',
      error: 'Janus recorded nothing: nobody was sending while it recorded',
    });
    expect(crashed.endedAt).not.toBeNull();
    expect((await service.find(meeting.id, 'StillWritten01'))?.state).toBe('recording');
  });

  it('stops when the meeting empties', async () => {
    const { meeting, host, hostIn, service, asked, settled, t } = await sfuMeeting();
    await service.start(meeting.id, host.user.id, hostIn);
    for (const p of t.hub.participants(meeting.id)) t.hub.leave(meeting.id, p.id, LeaveReason.Left);
    expect((await settled()).state).toBe('failed');
    expect(asked.at(-1)).toEqual({ meetingId: meeting.id, dir: null });
  });
});
