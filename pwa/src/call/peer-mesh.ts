import { t } from '../i18n/i18n.ts';
import { signal, type ReadonlySignal } from '@preact/signals';
import { Peer, type MediaConnection, type PeerOptions } from 'peerjs';
import type { LinkStatus } from '../network/connection-verdict.ts';
import { watchConnection, type ConnectionWatch } from '../network/watch-connection.ts';
import { createCallScreening, type CallKind, type ScreeningVerdict } from './call-screening.ts';
import { createScreenCalls } from './screen-calls.ts';
import { setEntry } from './signal-map.ts';
import { createMadeAhead, type MadeAheadOptions } from './made-ahead.ts';
import { untilConnected, untilIceUnderWay } from './until-connected.ts';

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
  loadPeer?: () => Promise<PeerClass>;
}

export type PeerClass = new (id: string, options: PeerOptions) => Peer;

/** The option our build of PeerJS reads on an outgoing call (pwa/build/peerjs-media-only.ts). */
type CallOption = NonNullable<Parameters<Peer['call']>[2]>;

/**
 * PeerJS's `Peer`, imported with the app's own modules (not a chunk imported on the call's first
 * ask): awaiting it takes a microtask, where an `import()` settles in a task of its own, which a page
 * busy with its first render held back (a reload's PeerJS socket opened 23–45 ms after its room channel).
 */
export const loadPeerJs = async (): Promise<PeerClass> => Peer;

interface Link {
  call: MediaConnection;
  outgoing: boolean;
  /** When the call was placed or taken (Date.now()). */
  since: number;
}

/**
 * Two calls cross (glare) when each side places one before the other's offer arrives: within a
 * signalling round trip. A call of ours still unanswered after this long is no crossing but an
 * offer lost on its way (to a page reloading, into its old socket), and a call from them is taken
 * instead of refused. Shorter than the reloaded page's
 * wait before it calls itself (calls-after-reload.ts, 2 s).
 */
export const GLARE_WINDOW_MS = 1_000;

/**
 * A full mesh of PeerJS media calls: one call per remote participant.
 * Owns the Peer and every RTCPeerConnection; exposes the remote streams as a signal.
 * Glare (both sides calling at once) is settled by id order: the call started by
 * the smaller id wins.
 */

export function createPeerMesh(options: PeerMeshOptions) {
  const remoteStreams = signal<ReadonlyMap<string, MediaStream>>(new Map());
  /** Screens shared with us, by sharer. */
  const links = new Map<string, Link>();
  /** How each camera call is doing (kept after a failure, so the tile can say so). */
  const linkStatus = signal<ReadonlyMap<string, LinkStatus>>(new Map());
  const watches = new Map<string, { call: MediaConnection; watch: ConnectionWatch }>();
  /** Who waits for our answer to a camera call from a participant (`answered`). */
  const answerWaiters = new Map<string, (() => void)[]>();
  let peer: Peer | null = null;
  let disposed = false;
  /** The offer of the first call we place and the connection for the next one we answer, made ahead. */
  const ahead = createMadeAhead({
    config: () => rtcConfig(peer?.options.config?.iceServers ?? options.iceServers),
    stream: options.localStream,
    warmOffer: options.warmOffer,
    spareAnswer: options.spareAnswer,
  });
  /** Screen shares: a second call beside the camera's, each way. */
  const screens = createScreenCalls({ peer: () => (disposed ? null : peer), selfId: options.selfId });
  const screening = createCallScreening<MediaConnection>({
    verdict: options.screen,
    answer: (call, kind) => (kind === 'screen' ? screens.receive(call) : answerCamera(call)),
    onRefused: (call, reason) => console.warn(`refused a call from ${call.peer}: ${reason}`),
  });

  const setStream = (id: string, value: MediaStream | null) => setEntry(remoteStreams, id, value);

  const setStatus = (id: string, value: LinkStatus | null) => setEntry(linkStatus, id, value);

  function unwatch(remoteId: string) {
    watches.get(remoteId)?.watch.stop();
    watches.delete(remoteId);
    setStatus(remoteId, null);
  }

  /** Follows the call's ICE once its RTCPeerConnection exists (after `call`, or after `answer`). */
  function watch(remoteId: string, call: MediaConnection) {
    const pc = call.peerConnection;
    if (!pc || links.get(remoteId)?.call !== call) return;
    unwatch(remoteId);
    const w = watchConnection(pc, {
      timeoutMs: options.connectTimeoutMs,
      onStatus: (status) => watches.get(remoteId)?.call === call && setStatus(remoteId, status),
    });
    watches.set(remoteId, { call, watch: w });
    setStatus(remoteId, w.status);
  }

  function answerCamera(call: MediaConnection) {
    const remoteId = call.peer;
    const existing = links.get(remoteId);
    // Glare: we are calling them at the same time; the smaller id's call wins. A call of ours left
    // unanswered longer than a crossing takes was lost: theirs is taken.
    const failed = linkStatus.value.get(remoteId)?.state === 'failed';
    const crossing = existing?.outgoing === true && !existing.call.open && Date.now() - existing.since < GLARE_WINDOW_MS;
    if (crossing && !failed && options.selfId < remoteId) {
      call.close();
      return;
    }
    attach(remoteId, call, false);
    const spare = ahead.takeSpare();
    if (spare) (call as unknown as { options: Record<string, unknown> }).options._spare = spare;
    call.answer(options.localStream());
    // A PeerJS that did not take it (the stream's kinds changed, or a test's fake) made its own.
    spare?.close();
    // An answered call has its RTCPeerConnection only now.
    closeWhenDropped(remoteId, call);
    watch(remoteId, call);
    for (const wake of answerWaiters.get(remoteId) ?? []) wake();
    answerWaiters.delete(remoteId);
  }

  /**
   * Resolves once the camera call with them has its local description and PeerJS has sent it, or
   * is gone. PeerJS sends an offer or answer when `setLocalDescription` resolves, which is after the
   * `signalingstatechange` event's own microtasks: resolved from the event itself, whatever waits
   * on this (drawing the room) would run before the send. So a task later.
   */
  function described(remoteId: string): Promise<void> {
    const pc = links.get(remoteId)?.call.peerConnection;
    if (!pc || typeof pc.addEventListener !== 'function' || pc.localDescription || pc.signalingState === 'closed') return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        if (!pc.localDescription && pc.signalingState !== 'closed') return;
        pc.removeEventListener('signalingstatechange', done);
        setTimeout(resolve, 0);
      };
      pc.addEventListener('signalingstatechange', done);
    });
  }

  /**
   * Resolves once the camera call with them is under way (ICE checking, `untilIceUnderWay`), or is
   * gone: drawing before it held the answer's and the candidates' messages back.
   */
  function underWay(remoteId: string): Promise<void> {
    const pc = links.get(remoteId)?.call.peerConnection;
    if (!pc || typeof pc.addEventListener !== 'function') return Promise.resolve();
    return untilIceUnderWay(pc);
  }

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
      const watched = watches.get(remoteId);
      if (watched?.call === call) watched.watch.gaveUp();
      forget();
    });
  }

  /**
   * ICE failed, or stayed disconnected longer than a blip (a network change, a long drop):
   * PeerJS does not give up on its own soon enough; we close the call and the link keeper
   * calls again. A short blip that recovers by itself keeps the call.
   */
  function closeWhenDropped(remoteId: string, call: MediaConnection) {
    let disconnectedTimer: ReturnType<typeof setTimeout> | null = null;
    const pc = call.peerConnection;
    pc?.addEventListener('connectionstatechange', () => {
      const state = pc.connectionState;
      if (disconnectedTimer) clearTimeout(disconnectedTimer);
      disconnectedTimer = null;
      if (links.get(remoteId)?.call !== call) return;
      if (state === 'failed') call.close();
      else if (state === 'disconnected') {
        disconnectedTimer = setTimeout(() => {
          if (links.get(remoteId)?.call === call && pc.connectionState === 'disconnected') call.close();
        }, options.disconnectedGraceMs ?? 6_000);
      }
    });
  }

  let reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  let reconnectAttempt = 0;
  /** The signalling socket's credential (see setToken). */
  let token = options.token;

  /**
   * The PeerJS socket dropped. `reconnect()` with backoff; a peer that got destroyed
   * (it happens after some network errors, and then reconnect does nothing) is rebuilt
   * with the same id and token, which the PeerServer accepts at once.
   */
  function scheduleReconnect(p: Peer) {
    if (disposed || reconnectTimer || peer !== p) return;
    const delay = Math.min(5_000, 500 * 2 ** reconnectAttempt++);
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      if (disposed || peer !== p) return;
      if (p.destroyed) {
        void createPeer().catch(() => scheduleReconnect(peer!));
        return;
      }
      if (p.disconnected) {
        try {
          p.reconnect();
        } catch {
          /* the socket error comes as an event */
        }
        // If nothing happened (a known PeerJS failure mode), try again later.
        setTimeout(() => p.disconnected && !p.destroyed && scheduleReconnect(p), 4_000);
      }
    }, delay);
  }

  async function open(): Promise<void> {
    await createPeer();
  }

  /** The RTCPeerConnection settings of every call (PeerJS's `config`). */
  function rtcConfig(iceServers = options.iceServers): RTCConfiguration {
    // One transport for audio and video from the first candidate on: a 'balanced' offerer gathers one
    // per media kind until the answer settles the bundle, and each far side adds and checks them all.
    return { iceServers, iceTransportPolicy: options.iceTransportPolicy ?? 'all', bundlePolicy: 'max-bundle' };
  }

  async function createPeer(): Promise<void> {
    const PeerClass = await (options.loadPeer ?? loadPeerJs)();
    const secure = location.protocol === 'https:';
    const peerOptions: PeerOptions = {
      host: location.hostname,
      port: Number(location.port) || (secure ? 443 : 80),
      secure,
      path: options.peerPath.endsWith('/') ? options.peerPath : `${options.peerPath}/`,
      key: options.peerKey,
      token,
      config: rtcConfig(),
      debug: 0,
    };
    const previous = peer;
    const p = new PeerClass(options.selfId, peerOptions);
    peer = p;
    const reopened = previous !== null;
    p.on('call', (call) => screening.offer(call));
    p.on('disconnected', () => scheduleReconnect(p));
    p.on('close', () => scheduleReconnect(p));
    p.on('open', () => {
      const wasLost = reconnectAttempt > 0;
      reconnectAttempt = 0;
      if (wasLost || reopened) options.onPeerReopened?.();
    });
    await new Promise<void>((resolve, reject) => {
      p.once('open', () => resolve());
      p.once('error', (error) => reject(error));
    });
    p.on('error', (error) => {
      const type = (error as { type?: string }).type;
      // peer-unavailable: the other side left meanwhile; the room channel tells us.
      if (type === 'peer-unavailable') return;
      // Lost the signalling server: reconnecting quietly (the room shows "Reconnecting…").
      if (type === 'network' || type === 'socket-error' || type === 'socket-closed' || type === 'server-error' || type === 'disconnected') {
        scheduleReconnect(p);
        return;
      }
      options.onError?.(t('call.connectionProblem', { reason: error.message }));
    });
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
    /**
     * Resolves once we answered a camera call from this participant and our answer is out (the
     * call a page present places to ours after our reload); waits for that call to come. Once
     * `signal` aborts (we stopped waiting), the wait is dropped and the promise never settles.
     */
    answered(remoteId: string, signal?: AbortSignal): Promise<void> {
      if (links.get(remoteId)?.outgoing === false) return described(remoteId);
      return new Promise((resolve) => {
        if (signal?.aborted) return;
        const wake = () => void described(remoteId).then(resolve);
        const waiters = answerWaiters.get(remoteId) ?? [];
        waiters.push(wake);
        answerWaiters.set(remoteId, waiters);
        signal?.addEventListener(
          'abort',
          () => {
            const left = answerWaiters.get(remoteId)?.filter((w) => w !== wake) ?? [];
            if (left.length) answerWaiters.set(remoteId, left);
            else answerWaiters.delete(remoteId);
          },
          { once: true },
        );
      });
    },
    /** Sends our screen to one participant (a second call, so our camera stays). */
    shareScreenTo: screens.shareTo,
    stopScreenShare: screens.stop,
    /** The sharer stopped (the room says so): drop their screen even if the call's close never arrives. */
    dropScreen: screens.dropIncoming,
    open,
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
    linkStatus: linkStatus as ReadonlySignal<ReadonlyMap<string, LinkStatus>>,
    /**
     * The credential for the next (re)connection of the signalling socket: a page whose socket
     * opened with its reservation's token (rooms/reservations.ts) goes on with its participant token.
     */
    setToken(next: string) {
      token = next;
      if (peer) peer.options.token = next;
    },
    /**
     * New ICE servers (fresh TURN credentials): for the connections still to come
     * (PeerJS reads its options for each new RTCPeerConnection) and for every open one.
     */
    setIceServers(iceServers: RTCIceServer[]) {
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
      if (reconnectTimer) clearTimeout(reconnectTimer);
      ahead.dispose();
      for (const id of [...watches.keys()]) unwatch(id);
      for (const { call } of links.values()) call.close();
      screens.dispose();
      links.clear();
      answerWaiters.clear();
      remoteStreams.value = new Map();
      peer?.destroy();
      peer = null;
    },
  };
}

export type PeerMesh = ReturnType<typeof createPeerMesh>;
