import { signal } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { Participant } from '../../../shared/api/participants.ts';
import { recordedSources } from './recorded-sources.ts';

const track = (id: string, kind: 'audio' | 'video', readyState = 'live') => ({ id, kind, readyState }) as unknown as MediaStreamTrack;
const stream = (...tracks: MediaStreamTrack[]) =>
  ({
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
  }) as unknown as MediaStream;
const person = (id: string, extra: Partial<Participant> = {}): Participant => ({
  id,
  name: id.toUpperCase(),
  role: 'guest',
  audioMuted: false,
  videoMuted: false,
  presence: 'connected',
  screenSharing: false,
  joinedAt: '',
  ...extra,
});

function setup() {
  const inputs = {
    selfId: signal<string | null>('me'),
    participants: signal<Participant[]>([person('a'), person('me'), person('b')]),
    remoteStreams: signal<ReadonlyMap<string, MediaStream>>(
      new Map([
        ['a', stream(track('a-v', 'video'), track('a-a', 'audio'))],
        ['b', stream(track('b-v', 'video'), track('b-a', 'audio'))],
      ]),
    ),
    remoteScreens: signal<ReadonlyMap<string, MediaStream>>(new Map()),
    ownScreen: signal<MediaStream | null>(null),
    ownVideo: signal<MediaStreamTrack | null>(track('me-v', 'video')),
    ownVideoOff: signal(false),
    ownAudio: signal<MediaStreamTrack | null>(track('me-a', 'audio')),
  };
  return { inputs, sources: recordedSources(inputs) };
}

const summary = (s: ReturnType<typeof setup>['sources']) => s.pictures.value.map((p) => `${p.kind}:${p.key}:${p.track?.id ?? '-'}`);

describe('recorded sources', () => {
  it('puts our camera first, then the others in the order they came, with every microphone', () => {
    const { sources } = setup();
    expect(summary(sources)).toEqual(['camera:me:me-v', 'camera:a:a-v', 'camera:b:b-v']);
    expect(sources.audio.value.map((t) => t.id)).toEqual(['me-a', 'a-a', 'b-a']);
  });

  it('follows joins, leaves and cameras turned off', () => {
    const { inputs, sources } = setup();
    inputs.participants.value = [person('me'), person('b', { videoMuted: true }), person('c')];
    inputs.ownVideoOff.value = true;
    expect(summary(sources)).toEqual(['camera:me:-', 'camera:b:-', 'camera:c:-']);
  });

  it('adds a remote shared screen first, with its sound', () => {
    const { inputs, sources } = setup();
    inputs.participants.value = inputs.participants.value.map((p) => (p.id === 'b' ? { ...p, screenSharing: true } : p));
    inputs.remoteScreens.value = new Map([['b', stream(track('b-s', 'video'), track('b-sa', 'audio'))]]);
    expect(summary(sources)[0]).toBe('screen:screen:b:b-s');
    expect(sources.pictures.value[0]!.name).toBe('B · screen');
    expect(sources.audio.value.map((t) => t.id)).toContain('b-sa');
  });

  it('shows our own screen, also before the room confirmed the share; ended tracks are left out', () => {
    const { inputs, sources } = setup();
    inputs.ownScreen.value = stream(track('my-screen', 'video'));
    expect(summary(sources)[0]).toBe('screen:screen:me:my-screen');
    inputs.ownAudio.value = track('me-a', 'audio', 'ended');
    expect(sources.audio.value.map((t) => t.id)).toEqual(['a-a', 'b-a']);
  });
});
