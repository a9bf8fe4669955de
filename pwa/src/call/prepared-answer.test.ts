import { describe, expect, it } from 'vitest';
import { fakeStream } from '../../../test/pwa/fake-media.ts';
import { fakePreparedConnections } from '../../../test/pwa/fake-rtc-connection.ts';
import { prepareAnswer } from './prepared-answer.ts';

describe('a connection prepared to answer the next call', () => {
  function answerer(stream: MediaStream) {
    const { made, deps } = fakePreparedConnections();
    const answer = prepareAnswer({ iceServers: [{ urls: 'stun:stun.example.org' }] }, stream, deps);
    return { answer, pc: made[0]! };
  }

  it('has our tracks added (so the caller’s offer takes them) and its candidates gathered ahead', () => {
    const camera = fakeStream('audio', 'video');
    const { pc } = answerer(camera);
    expect(pc.getConfiguration()).toEqual({ iceServers: [{ urls: 'stun:stun.example.org' }], iceCandidatePoolSize: 1 });
    expect(pc.added).toEqual(camera.getTracks().map((track) => ({ track, stream: camera })));
    expect(pc.localDescription).toBeNull(); // it offers nothing: it waits for a call
  });

  it('sends the tracks of the moment it is taken (a device switched meanwhile), and is taken once', async () => {
    const { answer, pc } = answerer(fakeStream('audio', 'video'));
    const now = fakeStream('audio', 'video');
    expect(answer.take(now)).toBe(pc);
    await Promise.resolve();
    expect(pc.audio.track).toBe(now.getAudioTracks()[0]);
    expect(pc.video.track).toBe(now.getVideoTracks()[0]);
    expect(answer.take(now)).toBeNull();
  });

  it('closes, and is then nothing to take', () => {
    const { answer, pc } = answerer(fakeStream('audio', 'video'));
    answer.close();
    expect(pc.signalingState).toBe('closed');
    expect(answer.take(fakeStream('audio', 'video'))).toBeNull();
  });
});
