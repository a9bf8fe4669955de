import { describe, expect, it } from 'vitest';
import { FakeRtcConnection } from '../../../test/pwa/fake-rtc-connection.ts';
import { fakeStream } from '../../../test/pwa/fake-media.ts';
import { createSpareAnswer } from './spare-answer.ts';

const config: RTCConfiguration = {
  iceServers: [{ urls: 'turn:turn.example.org', username: 'u', credential: 'c' }],
  bundlePolicy: 'max-bundle',
};

function spared(stream = fakeStream('audio', 'video')) {
  let pc: FakeRtcConnection | undefined;
  const spare = createSpareAnswer(config, stream, (c) => {
    pc = new FakeRtcConnection(c, undefined);
    return pc as unknown as RTCPeerConnection;
  });
  return { spare, pc: pc!, stream };
}

describe('a connection made ahead for the next call we answer', () => {
  it('is made with our configuration and each track we send, with its stream, and nothing negotiated', () => {
    const { pc, stream } = spared();
    expect(pc.getConfiguration()).toEqual(config);
    expect(pc.added).toEqual(stream.getTracks().map((track) => ({ track, stream })));
    expect(pc.channels).toEqual([]);
    expect(pc.offersMade).toBe(0);
    expect(pc.localDescription).toBeNull();
  });

  it('is taken once, for the same tracks as they are', () => {
    const { spare, pc, stream } = spared();
    expect(spare.take(stream)).toBe(pc);
    expect([pc.audio.replaced, pc.video.replaced]).toEqual([0, 0]);
    expect(spare.take(stream)).toBeNull();
    spare.close();
    expect(pc.signalingState).toBe('stable');
  });

  it('sends the tracks we send when it is taken (a device switched since, the camera arrived)', () => {
    const { spare, pc, stream } = spared();
    const now = fakeStream('audio', 'video');
    expect([pc.audio.track, pc.video.track]).toEqual(stream.getTracks());
    expect(spare.take(now)).toBe(pc);
    expect([pc.audio.track, pc.video.track]).toEqual(now.getTracks());
    expect([pc.audio.replaced, pc.video.replaced]).toEqual([1, 1]);
  });

  it('sends a track swapped while it waits (a device switched), and leaves a taken one to its call', () => {
    const { spare, pc, stream } = spared();
    const mic = fakeStream('audio').getAudioTracks()[0]!;
    const camera = fakeStream('video').getVideoTracks()[0]!;
    spare.replaceTrack('audio', mic);
    expect([pc.audio.track, pc.video.track]).toEqual([mic, stream.getVideoTracks()[0]]);
    spare.take(fakeStream('audio', 'video'));
    const taken = pc.video.track;
    spare.replaceTrack('video', camera);
    expect(pc.video.track).toBe(taken);
  });

  it('is not taken, and is closed, when we answer with other kinds of track than it carries', () => {
    const { spare, pc } = spared(fakeStream('audio', 'video'));
    expect(spare.take(fakeStream('audio'))).toBeNull();
    expect(pc.signalingState).toBe('closed');
    expect(spare.take(fakeStream('audio', 'video'))).toBeNull();
  });

  it('is closed when no call took it', () => {
    const { spare, pc, stream } = spared();
    spare.close();
    expect(pc.signalingState).toBe('closed');
    expect(spare.take(stream)).toBeNull();
  });
});
