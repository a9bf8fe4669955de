/**
 * An offer made ahead of the call it is for. A guest with a reservation (links-ahead.ts) has its
 * sockets open before the click, and after it only the join request stands between the guest and
 * its first offer, which PeerJS made only at the welcome (the connection, its offer and local
 * description: 35–55 ms). So the join makes it while its request is out, with the tracks we send
 * and PeerJS's own settings (its data channel, our RTC configuration), and PeerJS's Negotiator
 * takes it for the first camera call we place (the `_warm` option, pwa/build/peerjs-media-only.ts)
 * and sends its offer at once. Framework-free.
 */

/** What PeerJS's Negotiator takes for an outgoing media call instead of making its own. */
export interface TakenOffer {
  pc: RTCPeerConnection;
  /** The data channel PeerJS opens on every media connection it places (its close signal). */
  channel: RTCDataChannel;
  /** The offer, once it is the connection's local description; null while it is being made. */
  offer: RTCSessionDescriptionInit | null;
  /** Resolves with the offer once it is the local description. */
  offered: Promise<RTCSessionDescriptionInit>;
  /** Hands over, once, the candidates found before the take (call it after the offer is sent). */
  flush(send: (candidate: RTCIceCandidate) => void): void;
}

export interface WarmOffer {
  /** The connection for a call placed now, or null (it failed, or is taken or closed). Once. */
  take(): TakenOffer | null;
  /** Closes it unless a call took it. */
  close(): void;
}

import { nextTask } from '../app/next-task.ts';

/** PeerJS's options for a media call's data channel: `ordered: !!options.reliable`, never given. */
const CHANNEL_OPTIONS: RTCDataChannelInit = { ordered: false };

export function createWarmOffer(
  config: RTCConfiguration,
  stream: MediaStream,
  makeConnection: (config: RTCConfiguration) => RTCPeerConnection = (c) => new RTCPeerConnection(c),
  later: () => Promise<void> = nextTask,
): WarmOffer {
  const pc = makeConnection(config);
  let channel: RTCDataChannel | null = null;
  let state: 'warming' | 'taken' | 'closed' = 'warming';
  let offer: RTCSessionDescriptionInit | null = null;
  let found: RTCIceCandidate[] = [];
  const onCandidate = (event: RTCPeerConnectionIceEvent) => {
    if (state === 'warming' && event.candidate?.candidate) found.push(event.candidate);
  };
  let settle!: { resolve: (offer: RTCSessionDescriptionInit) => void; reject: (error: unknown) => void };
  const offered = new Promise<RTCSessionDescriptionInit>((resolve, reject) => (settle = { resolve, reject }));
  // One whose offer failed is closed, and taken by nobody; a call that took it hears PeerJS's error.
  offered.catch(() => close());

  /**
   * The channel and the tracks, in the task after the connection's; the offer in the task after
   * that; or all at once when a call takes it before then. Each blocks the main thread on WebRTC's
   * own thread: with the connection they passed 50 ms on a busy machine, and the three without it
   * (5–30 ms here) still took 57–65 ms of one task with the two-core machine's browsers busy.
   */
  function addChannelAndTracks(): RTCDataChannel {
    if (channel) return channel;
    // PeerJS's own label for it (a media connection has none: `createDataChannel(undefined)`).
    channel = pc.createDataChannel(String(undefined), CHANNEL_OPTIONS);
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    pc.addEventListener('icecandidate', onCandidate);
    return channel;
  }
  let offering = false;
  function makeOffer() {
    if (offering) return;
    offering = true;
    pc.createOffer()
      .then(async (made) => {
        const init = { type: made.type, sdp: made.sdp };
        await pc.setLocalDescription(init);
        offer = init;
        settle.resolve(init);
      })
      .catch(settle.reject);
  }
  function prepare(): RTCDataChannel {
    const made = addChannelAndTracks();
    makeOffer();
    return made;
  }
  const whileWarming = (step: () => void) => {
    if (state !== 'warming') return false;
    try {
      step();
      return true;
    } catch (error) {
      settle.reject(error);
      return false;
    }
  };
  void later().then(async () => {
    if (!whileWarming(addChannelAndTracks)) return;
    await later();
    whileWarming(makeOffer);
  });

  function close() {
    if (state !== 'warming') return;
    state = 'closed';
    pc.removeEventListener('icecandidate', onCandidate);
    pc.close();
  }

  return {
    take() {
      if (state !== 'warming') return null;
      let made: RTCDataChannel;
      try {
        made = prepare();
      } catch (error) {
        console.warn('could not make an offer ahead:', error);
        close();
        return null;
      }
      state = 'taken';
      pc.removeEventListener('icecandidate', onCandidate);
      return {
        pc,
        channel: made,
        offer,
        offered,
        flush(send) {
          const pending = found;
          found = [];
          for (const candidate of pending) send(candidate);
        },
      };
    },
    close,
  };
}
