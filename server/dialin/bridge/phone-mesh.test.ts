import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerClientMessage } from '../../../shared/peerjs/signalling.ts';
import type { AudioLinkHandlers, AudioLinkOptions } from '../engine/audio-engine.ts';
import { RECALL_DELAY_MS, RECALLS_MAX } from './mesh-recalls.ts';
import { type MeshSignal, PhoneMesh } from './phone-mesh.ts';

/** One link as the audio worker would hold it: what the mesh asked of it, and its way to report that it closed. */
interface OpenedLink {
  options: AudioLinkOptions;
  handlers: AudioLinkHandlers;
  steps: string[];
}

/** The worker reports that the link closed by itself (ICE or DTLS failed, it went silent: `reason` null). */
const drop = (link: OpenedLink | undefined, reason: string | null = null) => {
  link!.steps.push('dropped');
  link!.handlers.closed(reason);
};

function meshWith(selfId = 'phone-m') {
  const opened: OpenedLink[] = [];
  const gone: string[] = [];
  const sent: PeerClientMessage[] = [];
  const mesh = new PhoneMesh({
    selfId: () => selfId,
    iceServers: [],
    streamId: 'stream',
    openLink: (options, handlers) => {
      const link: OpenedLink = { options, handlers, steps: [] };
      opened.push(link);
      return {
        offer: () => link.steps.push('offer'),
        answer: (sdp) => link.steps.push(`answer ${sdp}`),
        acceptAnswer: (sdp) => link.steps.push(`accept ${sdp}`),
        addCandidate: (c) => link.steps.push(`candidate ${c.candidate}`),
        close: () => link.steps.push('close'),
      };
    },
    voiceOf: (remoteId) => (remoteId === 'on-janus' ? 0 : 7),
    linkGone: (remoteId) => gone.push(remoteId),
    send: (message) => sent.push(message),
  });
  const live = (remoteId: string) =>
    opened.filter((l) => l.options.remoteId === remoteId && !l.steps.includes('close') && !l.steps.includes('dropped'));
  return { mesh, opened, gone, sent, live };
}

const offer = (src: string, connectionId: string): MeshSignal => ({
  type: 'OFFER',
  src,
  payload: { type: 'media', connectionId, sdp: { type: 'offer', sdp: `sdp-${connectionId}` } },
});
const answer = (src: string, connectionId: string): MeshSignal => ({
  type: 'ANSWER',
  src,
  payload: { type: 'media', connectionId, sdp: { type: 'answer', sdp: `sdp-${connectionId}` } },
});

describe('PhoneMesh (a phone caller in the meeting mesh)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('calls everyone there when it arrives, with their voice numbers, and answers whoever joins later', () => {
    const { mesh, opened } = meshWith();
    mesh.welcome(['ada', 'on-janus']);
    expect(opened.map((l) => [l.options.remoteId, l.options.voiceId, l.steps])).toEqual([
      ['ada', 7, ['offer']],
      ['on-janus', 0, ['offer']],
    ]);
    expect(opened[0]!.options.connectionId).toMatch(/^mc_/);
    mesh.joined('grace');
    expect(opened).toHaveLength(2); // the newcomer calls
    mesh.signalled(offer('grace', 'mc_g1'));
    expect(opened[2]!.options).toMatchObject({ remoteId: 'grace', connectionId: 'mc_g1' });
    expect(opened[2]!.steps).toEqual(['answer sdp-mc_g1']);
    expect(mesh.size).toBe(3);
  });

  it('takes only the answer and candidates of the connection it made', () => {
    const { mesh, opened } = meshWith();
    mesh.welcome(['ada']);
    const id = opened[0]!.options.connectionId;
    mesh.signalled(answer('ada', 'mc_stale'));
    mesh.signalled({ type: 'CANDIDATE', src: 'ada', payload: { type: 'media', connectionId: 'mc_stale', candidate: { candidate: 'x' } } });
    mesh.signalled(answer('ada', id));
    mesh.signalled({ type: 'CANDIDATE', src: 'ada', payload: { type: 'media', connectionId: id, candidate: { candidate: 'host' } } });
    expect(opened[0]!.steps).toEqual(['offer', `accept sdp-${id}`, 'candidate host']);
  });

  it('settles glare as the browser does: the call started by the smaller id wins', () => {
    const low = meshWith('phone-a');
    low.mesh.welcome(['zed']);
    low.mesh.signalled(offer('zed', 'mc_z')); // ours (phone-a < zed) wins: theirs is dropped
    expect(low.opened).toHaveLength(1);
    expect(low.opened[0]!.steps).toEqual(['offer']);

    const high = meshWith('phone-z');
    high.mesh.welcome(['ada']);
    high.mesh.signalled(offer('ada', 'mc_a')); // theirs wins: ours closes, theirs is answered
    expect(high.opened[0]!.steps).toEqual(['offer', 'close']);
    expect(high.live('ada').map((l) => l.steps)).toEqual([['answer sdp-mc_a']]);
    expect(high.gone).toEqual(['ada']);
  });

  it('calls again a connection it started that fails, waiting longer each time, and gives up after the last', () => {
    const { mesh, opened, gone, live } = meshWith();
    mesh.welcome(['ada']);
    for (let failure = 1; failure <= RECALLS_MAX; failure++) {
      const before = opened.length;
      drop(live('ada')[0]);
      expect(mesh.size).toBe(0);
      vi.advanceTimersByTime(RECALL_DELAY_MS * failure - 1);
      expect(opened).toHaveLength(before);
      vi.advanceTimersByTime(1);
      expect(opened).toHaveLength(before + 1);
      expect(opened.at(-1)!.steps).toEqual(['offer']);
      expect(live('ada')).toHaveLength(1);
      expect(opened.at(-1)!.options.connectionId).not.toBe(opened.at(-2)!.options.connectionId);
    }
    drop(live('ada')[0], 'the answer could not be applied');
    vi.advanceTimersByTime(60_000);
    expect(opened).toHaveLength(RECALLS_MAX + 1);
    expect(gone).toHaveLength(RECALLS_MAX + 1);
  });

  it('calls again after PeerServer could not deliver its offer', () => {
    const { mesh, opened } = meshWith();
    mesh.welcome(['ada']);
    mesh.signalled({ type: 'EXPIRE', src: 'ada' });
    expect(opened[0]!.steps).toEqual(['offer', 'close']);
    vi.advanceTimersByTime(RECALL_DELAY_MS);
    expect(opened).toHaveLength(2);
    expect(opened[1]!.steps).toEqual(['offer']);
  });

  it('leaves to them a connection they started, and calls nobody who left, nor on the SFU, nor once closed', () => {
    const theirs = meshWith();
    theirs.mesh.joined('grace');
    theirs.mesh.signalled(offer('grace', 'mc_g'));
    drop(theirs.opened[0]);
    vi.advanceTimersByTime(60_000);
    expect(theirs.opened).toHaveLength(1);

    const leaving = meshWith();
    leaving.mesh.welcome(['ada']);
    drop(leaving.opened[0]);
    leaving.mesh.left('ada'); // before the wait is over
    vi.advanceTimersByTime(60_000);
    expect(leaving.opened).toHaveLength(1);

    const handedOff = meshWith();
    handedOff.mesh.welcome(['ada']);
    handedOff.mesh.toSfu();
    drop(handedOff.opened[0]); // the page hands its link off to the SFU
    vi.advanceTimersByTime(60_000);
    expect(handedOff.opened).toHaveLength(1);

    const closing = meshWith();
    closing.mesh.welcome(['ada', 'bob']);
    drop(closing.opened[0]);
    closing.mesh.close();
    expect(closing.opened[1]!.steps).toEqual(['offer', 'close']);
    vi.advanceTimersByTime(60_000);
    expect(closing.opened).toHaveLength(2);
    expect(closing.mesh.size).toBe(0);
  });

  it('on the SFU from the start, calls no one but answers; sends what a link signals; a LEAVE closes the link', () => {
    const { mesh, opened, sent } = meshWith();
    mesh.toSfu();
    mesh.welcome(['ada']);
    expect(opened).toHaveLength(0);
    mesh.signalled(offer('ada', 'mc_a'));
    const candidate: PeerClientMessage = {
      type: 'CANDIDATE',
      dst: 'ada',
      payload: { type: 'media', connectionId: 'mc_a', candidate: { candidate: 'host' } },
    };
    opened[0]!.handlers.signal(candidate);
    expect(sent).toEqual([candidate]);
    mesh.signalled({ type: 'LEAVE', src: 'ada' });
    expect(opened[0]!.steps).toEqual(['answer sdp-mc_a', 'close']);
    expect(mesh.size).toBe(0);
  });
});
