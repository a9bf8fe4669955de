import { describe, expect, it } from 'vitest';
import { fakeStream } from '../../../test/pwa/fake-media.ts';
import { FakePreparedConnection } from '../../../test/pwa/fake-rtc-connection.ts';
import { prepareAnswer, prepareOffer } from './prepared-offer.ts';

function prepared(options: { failOffer?: boolean } = {}) {
  const made: FakePreparedConnection[] = [];
  const announced = fakeStream();
  const offer = prepareOffer(
    { iceServers: [{ urls: 'stun:stun.example.org' }], iceTransportPolicy: 'relay' },
    {
      makeConnection: (config) => {
        const pc = new FakePreparedConnection(config);
        pc.failOffer = options.failOffer ?? false;
        made.push(pc);
        return pc as unknown as RTCPeerConnection;
      },
      makeStream: () => announced,
    },
  );
  return { offer, pc: made[0]!, announced };
}

describe('an offer prepared ahead of its call', () => {
  it('makes one connection with the call’s ICE configuration, an audio and a video transceiver announcing one stream, and sets its offer', async () => {
    const { pc, announced, offer } = prepared();
    expect(pc.getConfiguration()).toEqual({ iceServers: [{ urls: 'stun:stun.example.org' }], iceTransportPolicy: 'relay' });
    expect(pc.transceivers).toEqual([
      { kind: 'audio', streams: [announced] },
      { kind: 'video', streams: [announced] },
    ]);
    const taken = offer.take(fakeStream('audio', 'video'))!;
    expect(await taken.offerSet).toBe(true);
    expect(pc.localDescription).toEqual({ type: 'offer', sdp: 'v=0' });
    expect(pc.offersCreated).toBe(1);
  });

  it('puts the call’s tracks on its senders when the call takes it, and is taken once', async () => {
    const { offer, pc } = prepared();
    const camera = fakeStream('audio', 'video');
    const taken = offer.take(camera);
    expect(taken?.connection).toBe(pc);
    await Promise.resolve();
    expect(pc.audio.track).toBe(camera.getAudioTracks()[0]);
    expect(pc.video.track).toBe(camera.getVideoTracks()[0]);
    expect(offer.take(camera)).toBeNull();
  });

  it('is taken even before its offer is set: the call waits for it (offerSet) rather than making another', async () => {
    const { offer, pc } = prepared();
    const taken = offer.take(fakeStream('audio', 'video'))!;
    expect(pc.localDescription).toBeNull();
    expect(await taken.offerSet).toBe(true);
    expect(pc.signalingState).toBe('have-local-offer');
  });

  it('says so when its offer failed, so the call makes one itself', async () => {
    const { offer } = prepared({ failOffer: true });
    expect(await offer.take(fakeStream('audio', 'video'))!.offerSet).toBe(false);
  });

  it('closes when nobody will take it, and is then nothing to take', () => {
    const { offer, pc } = prepared();
    offer.close();
    expect(pc.signalingState).toBe('closed');
    expect(offer.take(fakeStream('audio', 'video'))).toBeNull();
  });
});

describe('a connection prepared to answer the next call', () => {
  function answerer(stream: MediaStream) {
    const made: FakePreparedConnection[] = [];
    const answer = prepareAnswer({ iceServers: [{ urls: 'stun:stun.example.org' }] }, stream, {
      makeConnection: (config) => {
        const pc = new FakePreparedConnection(config);
        made.push(pc);
        return pc as unknown as RTCPeerConnection;
      },
    });
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
