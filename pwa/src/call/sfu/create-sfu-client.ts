import { signal, type ReadonlySignal } from '@preact/signals';
import { createJanusApi, createSession, type JanusHandle, type JanusSession } from '../../../../shared/sfu/janus-api.ts';
import { feedOwner, JANUS_PROTOCOL, VIDEOROOM_PLUGIN } from '../../../../shared/sfu/sfu-proxy.ts';
import { createScreenPublisher } from './screen-publisher.ts';
import { offerToPublish, toJsep, trickleFrom } from './sfu-negotiation.ts';
import { addSimulcastVideo, substreamFor } from './simulcast.ts';

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
  /** Our camera in three layers (simulcast.ts); on unless a test turns it off. */
  simulcast?: boolean;
}

export interface SfuClient {
  status: ReadonlySignal<SfuStatus>;
  /** Each other participant's media from Janus, by participant id (feed ids are participant ids). */
  remoteStreams: ReadonlySignal<ReadonlyMap<string, MediaStream>>;
  /** Screens shared through Janus, by sharer (their `<participantId>~screen` feed). */
  remoteScreens: ReadonlySignal<ReadonlyMap<string, MediaStream>>;
  /** Resolves once we publish and have subscribed to everyone who published before us. */
  ready: Promise<void>;
  /** A device change: the published track is swapped without renegotiation. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack): Promise<void>;
  /** Publishes our screen as a second feed (`<selfId>~screen`), or stops it (null): its handle detaches. */
  shareScreen(stream: MediaStream | null): Promise<void>;
  /** Which layer of each participant's camera we receive: `high` for those named, `low` for the others. */
  preferHigh(participantIds: ReadonlySet<string>): void;
  /** Subscriber connections of the cameras, by participant id (their stats rate the tiles). */
  peerConnections(): ReadonlyMap<string, RTCPeerConnection>;
  dispose(): void;
}

interface Subscription {
  /** Whose feed, and whether it is their screen. */
  owner: string;
  screen: boolean;
  handle: JanusHandle | null;
  pc: RTCPeerConnection | null;
  stream: MediaStream;
  gone: boolean;
  /** Settles once the subscription is placed (or given up). */
  placed: Promise<void>;
  /** The video m-line's mid on our side (Janus's `streams` in the `attached` event), for `configure`. */
  videoMid: string | null;
  /** The substream asked of Janus (cameras only; undefined before the first ask). */
  substream: number | undefined;
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
  const remoteScreens = signal<ReadonlyMap<string, MediaStream>>(new Map());
  let high: ReadonlySet<string> = new Set();
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
    // One transport per connection, as with the mesh (peer-mesh.ts); Janus bundles and muxes RTCP.
    const pc = new browser.RTCPeerConnection({ bundlePolicy: 'max-bundle', ...options.rtc });
    peerConnections.add(pc);
    return pc;
  };
  const publishStreams = () => {
    const cameras = new Map<string, MediaStream>();
    const screens = new Map<string, MediaStream>();
    for (const sub of subscriptions.values()) {
      if (!sub.gone && sub.stream.getTracks().length > 0) (sub.screen ? screens : cameras).set(sub.owner, sub.stream);
    }
    remoteStreams.value = cameras;
    remoteScreens.value = screens;
  };

  async function publish(session: JanusSession): Promise<JanusHandle> {
    const handle = await session.attach(VIDEOROOM_PLUGIN);
    handle.onEvent((data) => onRoomEvent(session, data));
    const joined = await handle.message({ request: 'join', ptype: 'publisher', room: options.meetingId });
    const pc = newPc();
    publisherPc = pc;
    trickleFrom(pc, handle);
    for (const track of options.localTracks()) {
      if (track.kind === 'video' && options.simulcast !== false) addSimulcastVideo(pc, track);
      else pc.addTransceiver(track, { direction: 'sendonly' });
    }
    await offerToPublish(handle, pc);
    onRoomEvent(session, joined.data);
    return handle;
  }

  /** New publishers, and feeds that left or stopped publishing. */
  function onRoomEvent(session: JanusSession, data: Record<string, unknown>) {
    for (const publisher of (data.publishers as Array<{ id: unknown }> | undefined) ?? []) {
      const id = String(publisher.id);
      if (feedOwner(id).participantId !== options.selfId && !subscriptions.has(id)) subscribe(session, id);
    }
    for (const gone of [data.leaving, data.unpublished]) {
      if (gone !== undefined && gone !== 'ok') unsubscribe(String(gone));
    }
  }

  function subscribe(session: JanusSession, feed: string): void {
    const { participantId: owner, screen } = feedOwner(feed);
    const sub: Subscription = {
      owner,
      screen,
      handle: null,
      pc: null,
      stream: new browser.MediaStream(),
      gone: false,
      placed: Promise.resolve(),
      videoMid: null,
      substream: undefined,
    };
    subscriptions.set(feed, sub);
    sub.placed = place(session, feed, sub);
  }

  async function place(session: JanusSession, feed: string, sub: Subscription): Promise<void> {
    try {
      const handle = await session.attach(VIDEOROOM_PLUGIN);
      sub.handle = handle;
      if (sub.gone) return void handle.detach().catch(() => undefined);
      // A camera starts at the layer its tile wants; a screen is sent in one layer, the best.
      const substream = sub.screen ? undefined : wantedSubstream(sub);
      const stream = substream === undefined ? { feed } : { feed, substream };
      const attached = await handle.message({ request: 'join', ptype: 'subscriber', room: options.meetingId, streams: [stream] });
      if (!attached.jsep) throw new Error('Janus sent no offer for a feed');
      sub.substream = substream;
      const streams = (attached.data.streams as Array<{ type?: unknown; mid?: unknown }> | undefined) ?? [];
      const video = streams.find((s) => s.type === 'video');
      sub.videoMid = video?.mid === undefined ? null : String(video.mid);
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
      // The wish may have changed while we subscribed.
      await applyLayer(sub);
    } catch (error) {
      if (!disposed && !sub.gone) console.warn(`subscribing to ${feed} on the SFU failed`, error);
      unsubscribe(feed);
    }
  }

  const wantedSubstream = (sub: Subscription) => substreamFor(high.has(sub.owner) ? 'high' : 'low');

  /** Asks Janus for the layer this camera's tile wants, when it differs from the one asked before. */
  async function applyLayer(sub: Subscription): Promise<void> {
    if (sub.screen || sub.gone || !sub.handle || sub.videoMid === null) return;
    const want = wantedSubstream(sub);
    if (sub.substream === want) return;
    sub.substream = want;
    await sub.handle.message({ request: 'configure', streams: [{ mid: sub.videoMid, substream: want }] });
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

  /** Our one Janus session, once made (the screen's publisher handle joins it). */
  let ours: JanusSession | null = null;
  const ready = (async () => {
    await opened;
    const session = await createSession(api);
    ours = session;
    await publish(session);
    // Everyone who published before us: their subscriptions are placed before we call it ready.
    await Promise.all([...subscriptions.values()].map((sub) => sub.placed));
    if (disposed) throw new Error('the SFU client was disposed');
    status.value = 'ready';
  })();
  ready.catch(() => {
    if (!disposed) status.value = 'failed';
  });
  const screen = createScreenPublisher({
    meetingId: options.meetingId,
    selfId: options.selfId,
    ready,
    session: () => (disposed ? null : ours),
    newPc,
    dropPc: (pc) => peerConnections.delete(pc),
  });

  return {
    status,
    remoteStreams,
    remoteScreens,
    ready,
    async replaceTrack(kind, track) {
      const sender = publisherPc?.getSenders().find((s) => s.track?.kind === kind);
      await sender?.replaceTrack(track);
    },
    shareScreen: (stream) => screen.share(disposed ? null : stream),
    preferHigh(participantIds) {
      high = new Set(participantIds);
      for (const sub of subscriptions.values()) {
        applyLayer(sub).catch((error) => {
          if (!disposed && !sub.gone) console.warn(`choosing the layer of ${sub.owner} on the SFU failed`, error);
        });
      }
    },
    peerConnections() {
      const cameras = new Map<string, RTCPeerConnection>();
      for (const sub of subscriptions.values()) if (!sub.screen && sub.pc) cameras.set(sub.owner, sub.pc);
      return cameras;
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      status.value = 'closed';
      screen.stop();
      for (const pc of peerConnections) pc.close();
      peerConnections.clear();
      subscriptions.clear();
      remoteStreams.value = new Map();
      remoteScreens.value = new Map();
      ws.close(1000, 'left');
    },
  };
}
