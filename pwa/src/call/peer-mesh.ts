import { signal, type ReadonlySignal } from '@preact/signals';
import type { MediaConnection, Peer } from 'peerjs';
import { createCallScreening, type CallKind, type ScreeningVerdict } from './call-screening.ts';
import { createCameraAnswer } from './camera-answer.ts';
import { createLinkProgress, type Link } from './camera-link.ts';
import { createLinkWatch } from './link-watch.ts';
import { createPeerSocket, type PeerClass } from './peer-socket.ts';
import { createScreenCalls } from './screen-calls.ts';
import { setEntry } from './signal-map.ts';
import { createMadeAhead, type MadeAheadOptions } from './made-ahead.ts';
import { untilConnected } from './until-connected.ts';

export { GLARE_WINDOW_MS } from './camera-answer.ts';
export { loadPeerJs, type PeerClass } from './peer-socket.ts';

/** `warmOffer`, `spareAnswer`: what makes the connections made ahead (made-ahead.ts); a test passes fakes. */
export interface PeerMeshOptions extends Pick<MadeAheadOptions, 'warmOffer' | 'spareAnswer'> {
  selfId: string;
  token: string;
  peerPath: string;
  peerKey: string;
  iceServers: RTCIceServer[];
  /** `relay`: TURN relays only (ICE_TRANSPORT_POLICY on the server). */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** A camera call not connected after this long counts as failed. */
  connectTimeoutMs?: number;
  /** A call whose connection stays `disconnected` this long is replaced by a new one. */
  disconnectedGraceMs?: number;
  /** The stream we send; read at call time so device changes are picked up. */
  localStream: () => MediaStream;
  onError?: (message: string) => void;
  /** A camera call ended without us ending it (ICE failed, the other side closed it): time to call again. */
  onLinkLost?: (remoteId: string) => void;
  /** Our PeerJS socket is open again after being lost (recreated or reconnected). */
  onPeerReopened?: () => void;
  /** Whether to answer an incoming call (see call-screening.ts): only participants of our room. */
  screen: (remoteId: string, kind: CallKind) => ScreeningVerdict;
  /** Gives the PeerJS Peer class: the real one (`loadPeerJs`) unless a test passes a fake. */
  loadPeer?: () => PeerClass;
}

/** The option our build of PeerJS reads on an outgoing call (pwa/build/peerjs-media-only.ts). */
type CallOption = NonNullable<Parameters<Peer['call']>[2]>;

/**
 * A full mesh of PeerJS media calls: one call per remote participant.
 * Owns the Peer and every RTCPeerConnection; exposes the remote streams as a signal.
 * Glare (both sides calling at once) is settled by id order: the call started by
 * the smaller id wins.
 */
export function createPeerMesh(options: PeerMeshOptions) {
  const remoteStreams = signal<ReadonlyMap<string, MediaStream>>(new Map());
  /** The camera call with each remote participant (screens shared with us are screen-calls.ts's). */
  const links = new Map<string, Link>();
  /** How each camera call is doing, and closing those that dropped (link-watch.ts). */
  const linkWatch = createLinkWatch({
    links,
    connectTimeoutMs: options.connectTimeoutMs,
    disconnectedGraceMs: options.disconnectedGraceMs,
  });
  const { linkStatus, watch, unwatch, closeWhenDropped } = linkWatch;
  let disposed = false;
  /** The offer of the first call we place and the connection for the next one we answer, made ahead. */
  const ahead = createMadeAhead({
    config: () => rtcConfig(socket.peer()?.options.config?.iceServers ?? options.iceServers),
    stream: options.localStream,
    warmOffer: options.warmOffer,
    spareAnswer: options.spareAnswer,
  });
  /** Screen shares: a second call beside the camera's, each way. */
  const screens = createScreenCalls({ peer: () => (disposed ? null : socket.peer()), selfId: options.selfId });
  const screening = createCallScreening<MediaConnection>({
    verdict: options.screen,
    answer: (call, kind) => (kind === 'screen' ? screens.receive(call) : answerCamera(call)),
    onRefused: (call, reason) => console.warn(`refused a call from ${call.peer}: ${reason}`),
  });
  /** Our PeerJS socket (peer-socket.ts). */
  const socket = createPeerSocket({
    selfId: options.selfId,
    token: options.token,
    peerPath: options.peerPath,
    peerKey: options.peerKey,
    rtcConfig,
    loadPeer: options.loadPeer,
    screening,
    disposed: () => disposed,
    onError: options.onError,
    onPeerReopened: options.onPeerReopened,
  });
  const { described, underWay } = createLinkProgress(links);
  /** Camera calls from them, a crossing with ours settled (camera-answer.ts). */
  const answers = createCameraAnswer({
    selfId: options.selfId,
    links,
    linkStatus,
    localStream: options.localStream,
    ahead,
    attach,
    closeWhenDropped,
    watch,
    described,
  });
  const { answerCamera } = answers;

  const setStream = (id: string, value: MediaStream | null) => setEntry(remoteStreams, id, value);

  /** The track of each kind last asked to be sent (`replaceTrack`). */
  const sending: Partial<Record<'audio' | 'video', MediaStreamTrack | null>> = {};

  async function swapOn(pc: RTCPeerConnection, kind: 'audio' | 'video') {
    const track = sending[kind] ?? null;
    if (pc.signalingState === 'closed') return;
    const jobs: Promise<void>[] = [];
    for (const transceiver of pc.getTransceivers()) {
      // The receiver's track always exists and tells the transceiver's kind, even when nothing is sent.
      if (transceiver.receiver.track.kind !== kind || transceiver.sender.track === track) continue;
      jobs.push(transceiver.sender.replaceTrack(track));
    }
    await Promise.allSettled(jobs);
  }

  function attach(remoteId: string, call: MediaConnection, outgoing: boolean) {
    const previous = links.get(remoteId);
    // The new call is theirs before the old one closes, so that closing is not taken for a lost link.
    links.set(remoteId, { call, outgoing, since: Date.now() });
    if (previous && previous.call !== call) previous.call.close();
    let got = false;
    call.on('stream', (stream) => {
      // PeerJS fires once per track; the first carries the whole stream.
      if (got || links.get(remoteId)?.call !== call) return;
      got = true;
      setStream(remoteId, stream);
    });
    const forget = () => {
      if (links.get(remoteId)?.call !== call) return;
      links.delete(remoteId);
      setStream(remoteId, null);
      if (!disposed) options.onLinkLost?.(remoteId);
    };
    call.on('close', forget);
    call.on('error', (error) => {
      console.warn(`call with ${remoteId} failed:`, error);
      linkWatch.gaveUp(remoteId, call);
      forget();
    });
  }

  /** The RTCPeerConnection settings of every call (PeerJS's `config`). */
  function rtcConfig(iceServers = options.iceServers): RTCConfiguration {
    // One transport for audio and video from the first candidate on: a 'balanced' offerer gathers one
    // per media kind until the answer settles the bundle, and each far side adds and checks them all.
    return { iceServers, iceTransportPolicy: options.iceTransportPolicy ?? 'all', bundlePolicy: 'max-bundle' };
  }

  function hangUpCamera(remoteId: string) {
    const link = links.get(remoteId);
    links.delete(remoteId);
    link?.call.close();
    setStream(remoteId, null);
    unwatch(remoteId);
  }

  /** Calls a participant unless a call with them is already up. */
  function connectTo(remoteId: string) {
    const peer = socket.peer();
    if (!peer || disposed || remoteId === options.selfId) return;
    const existing = links.get(remoteId);
    if (existing && existing.call.peerConnection?.connectionState !== 'failed') return;
    const warm = ahead.takeWarm();
    const call = peer.call(remoteId, options.localStream(), warm ? ({ _warm: warm } as CallOption) : undefined);
    // A PeerJS that did not take it (it failed meanwhile, or a test's fake) made its own.
    warm?.close();
    if (!call) return;
    attach(remoteId, call, true);
    closeWhenDropped(remoteId, call);
    watch(remoteId, call);
  }

  return {
    remoteStreams: remoteStreams as ReadonlySignal<ReadonlyMap<string, MediaStream>>,
    remoteScreens: screens.remoteScreens,
    /**
     * Our offer to this participant is out (`described`: a task after its local description, when
     * PeerJS has sent it), or there is no call of ours waiting for one.
     */
    offered: described,
    underWay,
    /** Once we answered a camera call from this participant and our answer is out (camera-answer.ts). */
    answered: answers.answered,
    /** Sends our screen to one participant (a second call, so our camera stays). */
    shareScreenTo: screens.shareTo,
    stopScreenShare: screens.stop,
    /** The sharer stopped (the room says so): drop their screen even if the call's close never arrives. */
    dropScreen: screens.dropIncoming,
    open: socket.open,
    /**
     * Makes the offer of the first camera call we will place, ahead of it (a guest's join, while its
     * request is out: warm-offer.ts), with the tracks we send now; the call swaps in the ones it
     * sends then.
     */
    warmUp() {
      if (!disposed && links.size === 0) ahead.warmUp();
    },
    connectTo,
    /** Closes the offer made ahead, unless a call took it. */
    coolDown: ahead.coolDown,
    /**
     * From now on a connection is made ahead, in an idle moment, for the next camera call we answer
     * (spare-answer.ts): a page in the call answers someone joining without making it then.
     * `false`: no longer (the cameras go through the SFU, nobody calls us).
     */
    keepSpare: ahead.keepSpare,
    /** A camera call with them exists and has not failed. */
    hasLiveLink(remoteId: string): boolean {
      const link = links.get(remoteId);
      const state = link?.call.peerConnection?.connectionState;
      return Boolean(link) && state !== 'failed' && state !== 'closed';
    },
    /** Hangs up the camera call with a participant (their media comes through the SFU now); a screen call stays. */
    dropCamera: hangUpCamera,
    /** Gives up the camera call with a participant and calls them again (after a failure). */
    retry(remoteId: string) {
      hangUpCamera(remoteId);
      connectTo(remoteId);
    },
    linkStatus,
    /** The credential for the next (re)connection of the signalling socket (peer-socket.ts). */
    setToken: socket.setToken,
    /**
     * New ICE servers (fresh TURN credentials): for the connections still to come
     * (PeerJS reads its options for each new RTCPeerConnection) and for every open one.
     */
    setIceServers(iceServers: RTCIceServer[]) {
      const peer = socket.peer();
      if (peer) peer.options.config = { ...peer.options.config, iceServers };
      // What was made ahead gathers with the old credentials: the first call makes its own offer, the spare is made again.
      ahead.renew();
      const calls = [...[...links.values()].map((l) => l.call), ...screens.calls()];
      for (const pc of calls.map((c) => c.peerConnection)) {
        if (!pc || pc.signalingState === 'closed') continue;
        try {
          pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
        } catch (error) {
          console.warn('could not update ICE servers:', error);
        }
      }
    },
    drop(remoteId: string) {
      hangUpCamera(remoteId);
      screens.drop(remoteId);
    },
    /** Swaps the track we send of that kind on every call (and the connection made ahead for the next), without renegotiation. */
    async replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null) {
      if (track) ahead.replaceTrack(kind, track);
      sending[kind] = track;
      const jobs: Promise<void>[] = [];
      for (const { call } of links.values()) {
        const pc = call.peerConnection;
        // A connection being set up takes the track once it is up (until-connected.ts), the newest then.
        if (pc) jobs.push(untilConnected(pc).then(() => swapOn(pc, kind)));
      }
      await Promise.allSettled(jobs);
    },
    peerConnections(): ReadonlyMap<string, RTCPeerConnection> {
      const result = new Map<string, RTCPeerConnection>();
      for (const [id, { call }] of links) if (call.peerConnection) result.set(id, call.peerConnection);
      return result;
    },
    /** The roster changed: calls held until their caller appeared are looked at again. */
    rescreen: () => screening.recheck(),
    dispose() {
      disposed = true;
      screening.dispose();
      socket.stopReconnecting();
      ahead.dispose();
      linkWatch.unwatchAll();
      for (const { call } of links.values()) call.close();
      screens.dispose();
      links.clear();
      answers.dispose();
      remoteStreams.value = new Map();
      socket.destroy();
    },
  };
}

export type PeerMesh = ReturnType<typeof createPeerMesh>;
