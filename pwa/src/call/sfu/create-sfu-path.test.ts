import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import { MediaMode } from '../../../../shared/room-events.ts';
import { FakeJanusRoom } from '../../../../test/pwa/fake-janus.ts';
import { asTrack, FakeTrack } from '../../../../test/pwa/fake-media.ts';
import { createSfuClient } from './create-sfu-client.ts';
import { createSfuPath } from './create-sfu-path.ts';

function setup(feeds: string[]) {
  const room = new FakeJanusRoom();
  room.feeds.push(...feeds);
  const mode = signal<MediaMode>(MediaMode.Mesh);
  const handedOff: string[] = [];
  const screensHandedOff: string[] = [];
  const screen = signal<MediaStream | null>(null);
  const preferHigh = signal<ReadonlySet<string>>(new Set());
  // Each hand-off notes whether that participant's Janus stream was already there (make-before-break).
  const path: ReturnType<typeof createSfuPath> = createSfuPath({
    mode,
    open: () => createSfuClient({ url: 'ws://x', meetingId: 'm1', selfId: 'me', rtc: {}, localTracks: () => [], browser: room.browser() }),
    handOff: (id) => handedOff.push(`${id}:${path.remoteStreams.value.has(id) ? 'via janus' : 'lost'}`),
    screen,
    preferHigh,
    handOffScreen: (id) => screensHandedOff.push(`${id}:${path.remoteScreens.value.has(id) ? 'via janus' : 'lost'}`),
    handOffDelayMs: 10,
    retryMs: 10,
  });
  return { room, mode, handedOff, screensHandedOff, screen, preferHigh, path };
}

describe('the call’s SFU side', () => {
  it('waits for the meeting to move, then hands each mesh call off only once that participant’s Janus stream is there', async () => {
    const { room, mode, handedOff, path } = setup(['bob']);
    expect(room.sockets).toHaveLength(0);
    expect(path.active.value).toBe(false);
    mode.value = MediaMode.Sfu;
    expect(path.active.value).toBe(true);
    await expect.poll(() => [...path.remoteStreams.value.keys()]).toEqual(['bob']);
    await expect.poll(() => handedOff).toEqual(['bob:via janus']);
    room.announce('carol');
    await expect.poll(() => handedOff).toEqual(['bob:via janus', 'carol:via janus']);
    path.dispose();
    expect(room.socket.closed).toBe(1000);
  });

  it('replaces a client that failed', async () => {
    const { room, mode, path } = setup(['bob']);
    mode.value = MediaMode.Sfu;
    await expect.poll(() => path.client.value?.status.value).toBe('ready');
    room.socket.close(1011);
    await expect.poll(() => room.sockets.length).toBe(2);
    await expect.poll(() => path.client.value?.status.value).toBe('ready');
    path.dispose();
  });

  it('publishes our screen once on the SFU, again on a replaced client, and hands off a screen that arrives through Janus', async () => {
    const { room, mode, path, screen, preferHigh, screensHandedOff } = setup(['bob']);
    screen.value = new (room.browser().MediaStream)([asTrack(new FakeTrack('video'))]);
    const screenJoins = () => room.sent.filter((f) => f.body?.id === 'me~screen');
    mode.value = MediaMode.Sfu;
    await expect.poll(() => screenJoins()).toHaveLength(1);
    preferHigh.value = new Set(['bob']);
    await expect.poll(() => room.sent.filter((f) => f.body?.request === 'configure')).toHaveLength(1);
    room.announce('bob~screen');
    await expect.poll(() => screensHandedOff).toEqual(['bob:via janus']);
    room.socket.close(1011);
    await expect.poll(() => room.sockets.length).toBe(2);
    await expect.poll(() => screenJoins()).toHaveLength(2);
    screen.value = null;
    await expect.poll(() => room.detached).toContain(screenJoins()[1]!.handle_id);
    path.dispose();
  });
});
