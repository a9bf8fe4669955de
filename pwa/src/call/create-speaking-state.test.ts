import { type ReadonlySignal, signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import type { LocalMedia } from '../media/local-media.ts';
import type { Call } from './create-call.ts';
import { createSpeakingState, METERS_AFTER_JOIN_MS } from './create-speaking-state.ts';

const track = (id: string) => ({ id, kind: 'audio' }) as unknown as MediaStreamTrack;
const streamOf = (t: MediaStreamTrack) => ({ getAudioTracks: () => [t] }) as unknown as MediaStream;

function setup(
  hold = signal(false),
  { pause, holdRunning = () => {} }: { pause?: ReadonlySignal<boolean>; holdRunning?: (hold: boolean) => void } = {},
) {
  const audioTrack = signal<MediaStreamTrack | null>(null);
  const remoteStreams = signal(new Map<string, MediaStream>());
  const media = { audioTrack, audioMuted: signal(false) } as unknown as LocalMedia;
  const call = { remoteStreams, selfId: signal('me') } as unknown as Call;
  const started: string[] = [];
  const disposed: string[] = [];
  const levels = new Map<string, ReturnType<typeof signal<number>>>();
  const meter = (t: MediaStreamTrack) => {
    started.push(t.id);
    const level = signal(0);
    levels.set(t.id, level);
    return { level, dispose: () => disposed.push(t.id) };
  };
  const speaking = createSpeakingState(call, media, { hold, pause, meter, holdRunning });
  return { speaking, audioTrack, remoteStreams, started, disposed, levels, hold };
}

describe('speaking state', () => {
  it('holds the running meters while the page gets into the call, and lets them go after (and at its end)', () => {
    const held: boolean[] = [];
    const hold = signal(false);
    const pause = signal(false);
    const { speaking } = setup(hold, { pause, holdRunning: (on) => held.push(on) });
    expect(held).toEqual([false]);
    pause.value = true;
    expect(held).toEqual([false, true]);
    pause.value = false;
    expect(held).toEqual([false, true, false]);
    // Someone else joining a call this page is in (the hold alone) does not stop its meters.
    hold.value = true;
    expect(held).toEqual([false, true, false]);
    pause.value = true;
    speaking.dispose();
    expect(held.at(-1)).toBe(false);
  });

  it('meters every track: its own microphone and each remote stream, and drops the meters of tracks gone', () => {
    const { speaking, audioTrack, remoteStreams, started, disposed, levels } = setup();
    audioTrack.value = track('mic');
    remoteStreams.value = new Map([['guest', streamOf(track('guest-audio'))]]);
    expect(started).toEqual(['mic', 'guest-audio']);
    levels.get('guest-audio')!.value = 0.8;
    expect([...speaking.speaking.value]).toEqual(['guest']);
    expect(speaking.activeSpeaker.value).toBe('guest');
    remoteStreams.value = new Map();
    expect(disposed).toEqual(['guest-audio']);
    speaking.dispose();
    expect(disposed).toEqual(['guest-audio', 'mic']);
  });

  it('while the page joins, starts no meter; after, at an idle moment a second later; meters already running go on', async () => {
    vi.useFakeTimers();
    try {
      const hold = signal(false);
      const { speaking, audioTrack, remoteStreams, started } = setup(hold);
      audioTrack.value = track('mic');
      expect(started).toEqual(['mic']); // the pre-join page's microphone meter: at once
      hold.value = true;
      remoteStreams.value = new Map([['host', streamOf(track('host-audio'))]]);
      await vi.advanceTimersByTimeAsync(2000);
      expect(started).toEqual(['mic']);
      expect(speaking.levels.value.has('me')).toBe(true);
      hold.value = false;
      await vi.advanceTimersByTimeAsync(METERS_AFTER_JOIN_MS);
      expect(started).toEqual(['mic']);
      await vi.advanceTimersByTimeAsync(200);
      expect(started).toEqual(['mic', 'host-audio']);
      speaking.dispose();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a page made while joining (a reload) starts its meters only once the call is up', async () => {
    vi.useFakeTimers();
    try {
      const { speaking, audioTrack, started, hold } = setup(signal(true));
      audioTrack.value = track('mic');
      await vi.advanceTimersByTimeAsync(2000);
      expect(started).toEqual([]);
      hold.value = false;
      await vi.advanceTimersByTimeAsync(METERS_AFTER_JOIN_MS + 200);
      expect(started).toEqual(['mic']);
      speaking.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
