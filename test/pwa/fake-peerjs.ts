/**
 * Test double (tests only): PeerJS (1.5) and the PeerServer between peers, in memory.
 *
 * `createFakePeerNetwork()` gives a `loadPeer` to inject into the mesh (or the call) and the
 * signalling between every peer made with it: opening a peer, offers, answers and hang-ups are
 * messages in one first-in-first-out queue, as they would be over the PeerServer's sockets.
 * By default each is delivered a moment later (a microtask); `hold()` keeps them until
 * `deliver()`, so a test can make two calls cross. What PeerJS does that our code relies on:
 *  - an outgoing call has its RTCPeerConnection at once; an incoming one only once answered;
 *  - an outgoing call given an offer made ahead (`_warm`, our build: pwa/build/peerjs-media-only.ts)
 *    takes its connection, whose offer is set already; an answered call given a connection made
 *    ahead (`_spare` in its options) takes that one, with the tracks we answer with;
 *  - the answerer is `open` when it answers, the caller when the answer arrives;
 *  - `close()` emits `close` only on a call that was open; once the media flowed, a hang-up
 *    reaches the other side too (PeerJS's data channel closes there);
 *  - ICE `failed` (or `closed`) makes PeerJS emit `error` on the call, then close it;
 *  - a peer that lost the server emits `error` (type `network`), then `disconnected`;
 *    `call()` on it emits `error` (type `disconnected`) and returns nothing.
 * ICE connects by itself once the answer arrives, unless `ice: 'manual'`; then a test moves
 * the connections with `FakeRtcConnection.setState`.
 */
import type { PeerOptions } from 'peerjs';
import type { PeerClass } from '../../pwa/src/call/peer-mesh.ts';
import type { SpareAnswer } from '../../pwa/src/call/spare-answer.ts';
import type { WarmOffer } from '../../pwa/src/call/warm-offer.ts';
import { FakeRtcConnection } from './fake-rtc-connection.ts';

export { FakeRtcConnection, FakeRtpSender } from './fake-rtc-connection.ts';

type Listener = (...args: unknown[]) => void;

/** Just enough of eventemitter3 (what PeerJS extends): on, once, off, emit in order. */
class Emitter {
  private listeners = new Map<string, { fn: Listener; once: boolean }[]>();
  on(event: string, fn: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: false }]);
    return this;
  }
  once(event: string, fn: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { fn, once: true }]);
    return this;
  }
  off(event: string, fn?: Listener) {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((l) => fn && l.fn !== fn),
    );
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    const list = this.listeners.get(event) ?? [];
    this.listeners.set(
      event,
      list.filter((l) => !l.once),
    );
    for (const l of list) l.fn(...args);
    return list.length > 0;
  }
  listenerCount(event: string) {
    return this.listeners.get(event)?.length ?? 0;
  }
}

const peerError = (type: string, message = type) => Object.assign(new Error(message), { type });

/** A PeerJS MediaConnection: one end of a call, on one peer. */
export class FakeMediaConnection extends Emitter {
  readonly type = 'media';
  open = false;
  peerConnection: FakeRtcConnection | undefined;
  localStream: MediaStream | undefined;
  /** The other end of the call (on the other peer). */
  other!: FakeMediaConnection;
  closed = false;
  answered = false;

  private readonly network: FakePeerNetwork;
  /** The peer this end belongs to. */
  readonly owner: FakePeer;
  /** The peer at the other end. */
  readonly peer: string;
  readonly metadata: unknown;
  readonly outgoing: boolean;
  /** This call took an offer made ahead (`_warm`). */
  tookWarm = false;
  /** The call's options, as PeerJS keeps them: our mesh sets `_spare` on an incoming call before answering it. */
  readonly options: { _spare?: SpareAnswer } = {};
  /** This call, answered, took a connection made ahead (`_spare`). */
  tookSpare = false;

  constructor(
    network: FakePeerNetwork,
    owner: FakePeer,
    peer: string,
    metadata: unknown,
    outgoing: boolean,
    stream: MediaStream | undefined,
    warm?: WarmOffer,
  ) {
    super();
    this.network = network;
    this.owner = owner;
    this.peer = peer;
    this.metadata = metadata;
    this.outgoing = outgoing;
    this.localStream = stream;
    if (outgoing) this.startConnection(warm);
  }

  /** PeerJS's negotiator: makes the RTCPeerConnection (or takes one made ahead) and follows its ICE as PeerJS does. */
  private startConnection(warm?: WarmOffer) {
    const taken = warm?.take();
    const spare =
      !this.outgoing && this.localStream ? (this.options._spare?.take(this.localStream) as FakeRtcConnection | null | undefined) : null;
    const pc =
      (taken?.pc as FakeRtcConnection | undefined) ?? spare ?? new FakeRtcConnection(this.owner.options.config ?? {}, this.localStream);
    this.peerConnection = pc;
    this.tookWarm = Boolean(taken);
    this.tookSpare = Boolean(spare);
    if (!taken) queueMicrotask(() => pc.offer());
    pc.addEventListener('iceconnectionstatechange', () => {
      if (this.closed) return;
      if (pc.iceConnectionState === 'failed' || pc.iceConnectionState === 'closed') {
        this.emit('error', peerError(pc.iceConnectionState === 'failed' ? 'negotiation-failed' : 'connection-closed'));
        this.close();
      }
    });
  }

  answer(stream?: MediaStream) {
    if (this.outgoing || this.answered || this.closed) return;
    this.answered = true;
    this.localStream = stream;
    this.startConnection();
    this.open = true;
    const caller = this.other;
    // The caller's media shows up here (ontrack), then our answer travels back.
    this.network.post(() => {
      if (!this.closed && caller.localStream) this.emit('stream', caller.localStream);
    });
    this.network.post(() => caller.receiveAnswer());
  }

  private receiveAnswer() {
    if (this.closed) return;
    this.open = true;
    if (this.peerConnection) this.peerConnection.remoteDescription = { type: 'answer', sdp: 'v=0' };
    if (this.other.localStream) this.emit('stream', this.other.localStream);
    if (this.network.ice === 'auto') {
      this.peerConnection?.setState('connected');
      this.other.peerConnection?.setState('connected');
    }
  }

  /** The connection is up now (so PeerJS's data channel carries a hang-up to the other side). */
  private get linked() {
    return this.peerConnection?.iceConnectionState === 'connected';
  }

  close() {
    if (this.closed) return;
    const tellOther = this.linked && !this.other.closed;
    this.closed = true;
    this.peerConnection?.close();
    if (tellOther) this.network.post(() => this.other.close());
    if (!this.open) return;
    this.open = false;
    this.emit('close');
  }
}

/** A PeerJS Peer, registered with the fake PeerServer under its id. */
export class FakePeer extends Emitter {
  destroyed = false;
  disconnected = true;
  open = false;
  readonly connections: FakeMediaConnection[] = [];

  private readonly network: FakePeerNetwork;
  readonly id: string;
  readonly options: PeerOptions;

  constructor(network: FakePeerNetwork, id: string, options: PeerOptions) {
    super();
    this.network = network;
    this.id = id;
    this.options = options;
    network.register(this);
    this.connectToServer();
  }

  private connectToServer() {
    this.network.post(() => {
      if (this.destroyed) return;
      const refusal = this.network.refusal(this.id);
      if (refusal) {
        this.emit('error', peerError(refusal));
        if (refusal === 'network') this.loseServer();
        return;
      }
      this.disconnected = false;
      this.open = true;
      this.emit('open', this.id);
    });
  }

  call(remoteId: string, stream: MediaStream, options: { metadata?: unknown; _warm?: WarmOffer } = {}): FakeMediaConnection | undefined {
    if (this.disconnected || this.destroyed) {
      this.emit('error', peerError('disconnected', 'Cannot connect to new Peer after disconnecting from server.'));
      return undefined;
    }
    const outgoing = new FakeMediaConnection(this.network, this, remoteId, options.metadata, true, stream, options._warm);
    this.connections.push(outgoing);
    this.network.offers.push({ from: this.id, to: remoteId, call: outgoing });
    this.network.post(() => {
      const remote = this.network.peer(remoteId);
      if (!remote?.open) {
        this.emit('error', peerError('peer-unavailable', `Could not connect to peer ${remoteId}`));
        return;
      }
      // An offer on its way arrives even if the caller closed its end meanwhile.
      const incoming = new FakeMediaConnection(this.network, remote, this.id, options.metadata, false, undefined);
      incoming.other = outgoing;
      outgoing.other = incoming;
      remote.connections.push(incoming);
      remote.emit('call', incoming);
    });
    return outgoing;
  }

  reconnect() {
    if (!this.disconnected || this.destroyed) return;
    this.connectToServer();
  }

  destroy() {
    if (this.destroyed) return;
    for (const c of this.connections) c.close();
    const wasConnected = !this.disconnected;
    this.destroyed = true;
    this.disconnected = true;
    this.open = false;
    if (wasConnected) this.emit('disconnected', this.id);
    this.emit('close');
  }

  /** The socket to the PeerServer dropped (PeerJS: a `network` error, then `disconnected`). */
  loseServer() {
    if (this.destroyed) return;
    this.open = false;
    this.emit('error', peerError('network', 'Lost connection to server.'));
    this.disconnected = true;
    this.emit('disconnected', this.id);
  }

  /** Calls this peer answered or made, with one remote peer, newest last. */
  callsWith(remoteId: string) {
    return this.connections.filter((c) => c.peer === remoteId);
  }
}

export class FakePeerNetwork {
  private readonly peers = new Map<string, FakePeer>();
  private readonly queue: (() => void)[] = [];
  private held = false;
  private readonly refusals = new Map<string, string[]>();
  /** Every call placed, in order (caller, callee, the caller's end). */
  readonly offers: { from: string; to: string; call: FakeMediaConnection }[] = [];
  /** Every peer ever made, in order (a rebuilt peer appears again). */
  readonly made: FakePeer[] = [];
  ice: 'auto' | 'manual' = 'auto';

  /** What the mesh's `loadPeer` option takes: the class at once, as the real `loadPeerJs` gives it. */
  readonly loadPeer = (): PeerClass => {
    const network = this;
    return class extends FakePeer {
      constructor(id: string, options: PeerOptions) {
        super(network, id, options);
      }
    } as unknown as PeerClass;
  };

  register(peer: FakePeer) {
    this.peers.set(peer.id, peer);
    this.made.push(peer);
  }

  /** The peer registered under this id now (the newest). */
  peer(id: string): FakePeer | undefined {
    const p = this.peers.get(id);
    return p && !p.destroyed ? p : undefined;
  }

  /** A participant's peer on the other side, opened: the test plays its part. */
  async remote(id: string): Promise<FakePeer> {
    const PeerClass = this.loadPeer();
    const peer = new PeerClass(id, {}) as unknown as FakePeer;
    await this.settled();
    return peer;
  }

  /** The next open of this id is refused with a PeerJS error of this type (`network`: server unreachable). */
  refuseNextOpen(id: string, type = 'server-error') {
    this.refusals.set(id, [...(this.refusals.get(id) ?? []), type]);
  }

  refusal(id: string): string | undefined {
    const list = this.refusals.get(id);
    return list?.shift();
  }

  post(message: () => void) {
    this.queue.push(message);
    if (!this.held) queueMicrotask(() => this.deliverOne());
  }

  private deliverOne() {
    if (this.held) return;
    this.queue.shift()?.();
  }

  /** Keep every message in flight until `deliver()`. */
  hold() {
    this.held = true;
  }

  /** Deliver what is in flight, and what that causes, in order; then back to delivering by itself. */
  deliver() {
    this.held = true;
    for (let message = this.queue.shift(); message; message = this.queue.shift()) message();
    this.held = false;
  }

  /** Lose what is in flight (a network that ate it), then deliver by itself again. */
  lose() {
    this.queue.length = 0;
    this.held = false;
  }

  /** Waits until nothing is in flight (messages cause messages; each takes a microtask). */
  async settled() {
    for (let i = 0; i < 100; i++) {
      await Promise.resolve();
      if (this.queue.length === 0) {
        await Promise.resolve();
        if (this.queue.length === 0) return;
      }
    }
    throw new Error('the fake PeerJS network did not settle');
  }
}

export const createFakePeerNetwork = () => new FakePeerNetwork();
