import { signal, type ReadonlySignal } from '@preact/signals';
import { createJanusApi, createSession, type JanusHandle, type JanusSession, type Jsep } from '../../../../shared/sfu/janus-api.ts';
import { JANUS_PROTOCOL, VIDEOROOM_PLUGIN } from '../../../../shared/sfu/sfu-proxy.ts';

export type SfuStatus = 'connecting' | 'ready' | 'failed' | 'closed';

/** What the client needs of the browser (fakes in tests). */
export interface SfuBrowser {
  WebSocket: { new (url: string, protocol: string): WebSocket };
  RTCPeerConnection: { new (config: RTCConfiguration): RTCPeerConnection };
  MediaStream: { new (tracks?: MediaStreamTrack[]): MediaStream };
}

export interface SfuClientOptions {
  /** `ws(s)://…/ws/sfu/<meetingId>?participantId=…&token=…` (our proxy, shared/sfu/sfu-proxy.ts). */
  url: string;
  meetingId: string;
  /** Our participant id: our own feed is never subscribed to. */
  selfId: string;
  rtc: RTCConfiguration;
  /** What we publish: one audio and one video track (placeholders when a device is missing). */
  localTracks: () => MediaStreamTrack[];
  browser?: SfuBrowser;
  timeoutMs?: number;
}

export interface SfuClient {
  status: ReadonlySignal<SfuStatus>;
  /** Each other participant's media from Janus, by participant id (feed ids are participant ids). */
  remoteStreams: ReadonlySignal<ReadonlyMap<string, MediaStream>>;
  /** Resolves once we publish and have subscribed to everyone who published before us. */
  ready: Promise<void>;
  /** A device change: the published track is swapped without renegotiation. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack): Promise<void>;
  dispose(): void;
}

interface Subscription {
  handle: JanusHandle | null;
  pc: RTCPeerConnection | null;
  stream: MediaStream;
  gone: boolean;
  /** Settles once the subscription is placed (or given up). */
  placed: Promise<void>;
}

/**
 * One participant's SFU path, framework-free: a Janus session through our proxy, a publisher
 * handle sending our tracks once (whatever the headcount), and one subscriber handle per other
 * participant's feed. The page keeps its mesh until `ready` resolves (make-before-break).
 */
export function createSfuClient(options: SfuClientOptions): SfuClient {
  const browser = options.browser ?? (globalThis as unknown as SfuBrowser);
  const status = signal<SfuStatus>('connecting');
  const remoteStreams = signal<ReadonlyMap<string, MediaStream>>(new Map());
  const subscriptions = new Map<string, Subscription>();
  const peerConnections = new Set<RTCPeerConnection>();
  let publisherPc: RTCPeerConnection | null = null;
  let disposed = false;

  const ws = new browser.WebSocket(options.url, JANUS_PROTOCOL);
  const api = createJanusApi({ send: (text) => ws.send(text), timeoutMs: options.timeoutMs });
  ws.onmessage = (event) => api.receive(String(event.data));
  ws.onclose = () => {
    api.closed('the SFU socket closed');
    if (!disposed) status.value = 'failed';
  };
  const opened = new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error('the SFU socket failed'));
  });

  const newPc = () => {
    const pc = new browser.RTCPeerConnection(options.rtc);
    peerConnections.add(pc);
    return pc;
  };
  const trickleFrom = (pc: RTCPeerConnection, handle: JanusHandle) => {
    pc.onicecandidate = (event) => {
      const c = event.candidate;
      void handle.trickle(c ? { candidate: c.candidate, sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex } : null).catch(() => undefined);
    };
  };
  const publishStreams = () => {
    const next = new Map<string, MediaStream>();
    for (const [id, sub] of subscriptions) if (!sub.gone && sub.stream.getTracks().length > 0) next.set(id, sub.stream);
    remoteStreams.value = next;
  };

  async function publish(session: JanusSession): Promise<JanusHandle> {
    const handle = await session.attach(VIDEOROOM_PLUGIN);
    handle.onEvent((data) => onRoomEvent(session, data));
    const joined = await handle.message({ request: 'join', ptype: 'publisher', room: options.meetingId });
    const pc = newPc();
    publisherPc = pc;
    trickleFrom(pc, handle);
    for (const track of options.localTracks()) pc.addTransceiver(track, { direction: 'sendonly' });
    await pc.setLocalDescription(await pc.createOffer());
    const answer = await handle.message({ request: 'publish' }, toJsep(pc.localDescription));
    if (!answer.jsep) throw new Error('Janus sent no answer to our offer');
    await pc.setRemoteDescription(answer.jsep as RTCSessionDescriptionInit);
    onRoomEvent(session, joined.data);
    return handle;
  }

  /** New publishers, and feeds that left or stopped publishing. */
  function onRoomEvent(session: JanusSession, data: Record<string, unknown>) {
    for (const publisher of (data.publishers as Array<{ id: unknown }> | undefined) ?? []) {
      const id = String(publisher.id);
      if (id !== options.selfId && !subscriptions.has(id)) subscribe(session, id);
    }
    for (const gone of [data.leaving, data.unpublished]) {
      if (gone !== undefined && gone !== 'ok') unsubscribe(String(gone));
    }
  }

  function subscribe(session: JanusSession, feed: string): void {
    const sub: Subscription = { handle: null, pc: null, stream: new browser.MediaStream(), gone: false, placed: Promise.resolve() };
    subscriptions.set(feed, sub);
    sub.placed = place(session, feed, sub);
  }

  async function place(session: JanusSession, feed: string, sub: Subscription): Promise<void> {
    try {
      const handle = await session.attach(VIDEOROOM_PLUGIN);
      sub.handle = handle;
      if (sub.gone) return void handle.detach().catch(() => undefined);
      const attached = await handle.message({ request: 'join', ptype: 'subscriber', room: options.meetingId, streams: [{ feed }] });
      if (!attached.jsep) throw new Error('Janus sent no offer for a feed');
      const pc = newPc();
      sub.pc = pc;
      trickleFrom(pc, handle);
      pc.ontrack = (event) => {
        sub.stream.addTrack(event.track);
        publishStreams();
      };
      await pc.setRemoteDescription(attached.jsep as RTCSessionDescriptionInit);
      await pc.setLocalDescription(await pc.createAnswer());
      await handle.message({ request: 'start', room: options.meetingId }, toJsep(pc.localDescription));
    } catch (error) {
      if (!disposed && !sub.gone) console.warn(`subscribing to ${feed} on the SFU failed`, error);
      unsubscribe(feed);
    }
  }

  function unsubscribe(feed: string) {
    const sub = subscriptions.get(feed);
    if (!sub) return;
    sub.gone = true;
    subscriptions.delete(feed);
    sub.pc?.close();
    if (sub.pc) peerConnections.delete(sub.pc);
    void sub.handle?.detach().catch(() => undefined);
    publishStreams();
  }

  const ready = (async () => {
    await opened;
    const session = await createSession(api);
    await publish(session);
    // Everyone who published before us: their subscriptions are placed before we call it ready.
    await Promise.all([...subscriptions.values()].map((sub) => sub.placed));
    if (disposed) throw new Error('the SFU client was disposed');
    status.value = 'ready';
  })();
  ready.catch(() => {
    if (!disposed) status.value = 'failed';
  });

  return {
    status,
    remoteStreams,
    ready,
    async replaceTrack(kind, track) {
      const sender = publisherPc?.getSenders().find((s) => s.track?.kind === kind);
      await sender?.replaceTrack(track);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      status.value = 'closed';
      for (const pc of peerConnections) pc.close();
      peerConnections.clear();
      subscriptions.clear();
      remoteStreams.value = new Map();
      ws.close(1000, 'left');
    },
  };
}

function toJsep(description: RTCSessionDescription | null): Jsep {
  if (!description) throw new Error('no local description');
  return { type: description.type, sdp: description.sdp };
}
