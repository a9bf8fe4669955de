import { signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import type { MeetingPublicInfo } from '../../../shared/api/invites.ts';
import type { ServerEvent } from '../../../shared/room-events.ts';
import type { Call } from '../call/create-call.ts';
import type { LocalMedia } from '../media/local-media.ts';
import { createRecordingState } from './create-recording-state.ts';

const info = (isHost: boolean, recording: boolean): MeetingPublicInfo => ({
  id: 'm1',
  title: 'Call',
  startsAt: '2026-11-25T10:00:00Z',
  durationMinutes: 30,
  hostName: 'Hanna',
  isHost,
  features: { backgroundBlur: false, recording },
});

/** Just what the recording state reads from a call, with a way to deliver room events. */
function fakeCall() {
  const listeners = new Set<(e: ServerEvent) => void>();
  const none = signal(new Map<string, MediaStream>());
  const call = {
    selfId: signal('me'),
    participants: signal([]),
    remoteStreams: none,
    remoteScreens: none,
    screen: { stream: signal(null) },
    participantHeaders: () => ({}),
    subscribe: (l: (e: ServerEvent) => void) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  } as unknown as Call;
  const media = { outgoingVideo: signal(null), outgoingAudio: signal(null), sendsNoVideo: signal(false) } as unknown as LocalMedia;
  return { call, media, deliver: (e: ServerEvent) => listeners.forEach((l) => l(e)), listeners };
}

const running = { id: 'r1', startedAt: new Date(Date.now() - 65_000).toISOString(), startedBy: 'Hanna', recorderId: 'host-1' };

describe('recording state', () => {
  it('follows the room: on from the welcome (a late joiner), off and on again from recording-state', () => {
    const { call, media, deliver } = fakeCall();
    const state = createRecordingState({ info: info(false, true), call, media });
    expect(state.active.value).toBeNull();
    deliver({ type: 'welcome', protocol: 1, participantId: 'me', participants: [], recording: running, mediaMode: 'mesh' });
    expect(state.active.value).toEqual(running);
    expect(state.elapsedMs.value).toBeGreaterThanOrEqual(64_000);
    deliver({ type: 'recording-state', recording: null });
    expect(state.active.value).toBeNull();
    expect(state.elapsedMs.value).toBe(0);
    deliver({ type: 'recording-state', recording: running });
    expect(state.active.value?.id).toBe('r1');
    state.dispose();
  });

  it.each([
    ['a guest', false, true],
    ['a host without the add-on', true, false],
  ])('gives %s no recorder', (_who, isHost, addOn) => {
    const { call, media } = fakeCall();
    const state = createRecordingState({ info: info(isHost, addOn), call, media });
    expect(state.canRecord).toBe(false);
    expect(state.recorder.value).toBeNull();
    expect(state.unsupported).toBe(false);
    state.dispose();
  });

  it('says when a host with the add-on is in a browser that cannot record', () => {
    const { call, media } = fakeCall();
    const state = createRecordingState({ info: info(true, true), call, media });
    expect(state.canRecord).toBe(false); // no MediaRecorder here
    expect(state.unsupported).toBe(true);
    state.dispose();
  });

  it('stops listening when disposed', () => {
    const { call, media, listeners } = fakeCall();
    const state = createRecordingState({ info: info(false, false), call, media });
    expect(listeners.size).toBe(1);
    state.dispose();
    expect(listeners.size).toBe(0);
  });

  it('loads the recorder only for a host who can record, and finishes the recording a reload left behind', async () => {
    const requests: string[] = [];
    vi.stubGlobal('MediaRecorder', { isTypeSupported: () => true });
    vi.stubGlobal(
      'HTMLCanvasElement',
      class {
        captureStream() {}
      },
    );
    const unloadListeners: unknown[] = [];
    vi.stubGlobal('addEventListener', (type: string, listener: unknown) => type === 'beforeunload' && unloadListeners.push(listener));
    vi.stubGlobal('removeEventListener', (type: string, listener: unknown) => {
      if (type === 'beforeunload') unloadListeners.splice(unloadListeners.indexOf(listener), 1);
    });
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      requests.push(`${init.method} ${url}`);
      return new Response(null, { status: 204 });
    });
    try {
      const { call, media, deliver } = fakeCall();
      const state = createRecordingState({ info: info(true, true), call, media });
      expect(state.canRecord).toBe(true);
      // Our page started r1 before the reload (the welcome names us as its recorder).
      deliver({ type: 'welcome', protocol: 1, participantId: 'host-1', participants: [], recording: running, mediaMode: 'mesh' });
      await vi.waitFor(() => expect(state.recorder.value?.phase.value).toBe('idle'));
      await vi.waitFor(() => expect(requests).toEqual(['POST /api/meetings/m1/recordings/r1/stop']));
      // It warns before the page is left while it records, until it is disposed.
      expect(unloadListeners).toHaveLength(1);
      state.dispose();
      expect(unloadListeners).toHaveLength(0);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
