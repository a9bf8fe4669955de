import { asTrack, FakeMediaStreamClass, FakeTrack } from './fake-media.ts';

/**
 * Test double (tests only): Janus's VideoRoom as a page sees it through our proxy, behind a fake
 * WebSocket class, with fake RTCPeerConnections. Answers create, attach, join (publisher and
 * subscriber), publish and start; `announce`/`leave` are other participants publishing or going.
 */
type Frame = Record<string, any>;

export class FakeJanusRoom {
  /** Feeds publishing now (participant ids). */
  readonly feeds: string[] = [];
  /** Every frame the page sent, parsed. */
  readonly sent: Frame[] = [];
  readonly sockets: FakeJanusSocket[] = [];
  readonly pcs: FakeRtcPc[] = [];
  publisherHandle = 0;
  private nextId = 100;
  detached: number[] = [];

  get socket() {
    return this.sockets.at(-1)!;
  }

  /** Another participant starts publishing: the page's publisher handle hears it. */
  announce(feed: string) {
    this.feeds.push(feed);
    this.socket.deliver({
      janus: 'event',
      sender: this.publisherHandle,
      plugindata: { data: { videoroom: 'event', publishers: [{ id: feed }] } },
    });
  }

  leave(feed: string) {
    this.feeds.splice(this.feeds.indexOf(feed), 1);
    this.socket.deliver({ janus: 'event', sender: this.publisherHandle, plugindata: { data: { videoroom: 'event', leaving: feed } } });
  }

  answer(socket: FakeJanusSocket, frame: Frame) {
    this.sent.push(frame);
    const { transaction } = frame;
    const reply = (more: Frame) => socket.deliver({ transaction, ...more });
    const event = (data: Frame, jsep?: Frame) => {
      reply({ janus: 'ack' });
      reply({ janus: 'event', sender: frame.handle_id, plugindata: { plugin: 'janus.plugin.videoroom', data }, ...(jsep ? { jsep } : {}) });
    };
    switch (frame.janus) {
      case 'create':
      case 'attach':
        return reply({ janus: 'success', data: { id: this.nextId++ } });
      case 'keepalive':
      case 'trickle':
        return reply({ janus: 'ack' });
      case 'detach':
        this.detached.push(frame.handle_id);
        return reply({ janus: 'success' });
      case 'message': {
        const body = frame.body;
        if (body.request === 'join' && body.ptype === 'publisher') {
          // A second publisher of the page (its screen) joins under the id it asks for; the first is the camera's.
          if (body.id !== undefined) return event({ videoroom: 'joined', room: body.room, id: body.id, publishers: [] });
          this.publisherHandle = frame.handle_id;
          return event({ videoroom: 'joined', room: body.room, id: 'me', publishers: this.feeds.map((id) => ({ id })) });
        }
        if (body.request === 'publish') return event({ videoroom: 'event', configured: 'ok' }, { type: 'answer', sdp: 'answer' });
        if (body.request === 'join' && body.ptype === 'subscriber') {
          const feed = body.streams[0].feed;
          if (!this.feeds.includes(feed)) return event({ error_code: 428, error: 'No such feed' });
          const streams = [
            { type: 'audio', mid: '0', feed_id: feed },
            { type: 'video', mid: '1', feed_id: feed },
          ];
          return event({ videoroom: 'attached', room: body.room, streams }, { type: 'offer', sdp: `offer:${feed}` });
        }
        if (body.request === 'start') return event({ videoroom: 'event', started: 'ok' });
        if (body.request === 'configure') return event({ videoroom: 'event', configured: 'ok' });
        return event({ error_code: 499, error: `fake: ${body.request}` });
      }
      default:
        return reply({ janus: 'error', error: { code: 403, reason: 'fake: not allowed' } });
    }
  }

  /** What to inject as the client's `browser`. */
  browser() {
    const room = this;
    return {
      WebSocket: class extends FakeJanusSocket {
        constructor(url: string, protocol: string) {
          super(room, url, protocol);
          room.sockets.push(this);
        }
      } as unknown as { new (url: string, protocol: string): WebSocket },
      RTCPeerConnection: class extends FakeRtcPc {
        constructor(config: RTCConfiguration) {
          super(config);
          room.pcs.push(this);
        }
      } as unknown as { new (config: RTCConfiguration): RTCPeerConnection },
      MediaStream: FakeMediaStreamClass,
    };
  }
}

export class FakeJanusSocket {
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  onerror: (() => void) | null = null;
  closed: number | null = null;
  readonly url: string;
  readonly protocol: string;
  private readonly room: FakeJanusRoom;
  constructor(room: FakeJanusRoom, url: string, protocol: string) {
    this.room = room;
    this.url = url;
    this.protocol = protocol;
    queueMicrotask(() => this.onopen?.());
  }
  send(text: string) {
    const frame = JSON.parse(text);
    queueMicrotask(() => this.room.answer(this, frame));
  }
  deliver(frame: Frame) {
    if (this.closed === null) this.onmessage?.({ data: JSON.stringify(frame) });
  }
  close(code = 1000) {
    if (this.closed !== null) return;
    this.closed = code;
    this.onclose?.({ code });
  }
}

/** An RTCPeerConnection that negotiates instantly; a remote offer brings one audio and one video track. */
export class FakeRtcPc {
  readonly config: RTCConfiguration;
  readonly transceivers: { track: MediaStreamTrack; direction: string; sendEncodings?: RTCRtpEncodingParameters[] }[] = [];
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  ontrack: ((event: { track: MediaStreamTrack }) => void) | null = null;
  onicecandidate: ((event: { candidate: null }) => void) | null = null;
  closed = false;
  readonly replaced: MediaStreamTrack[] = [];
  constructor(config: RTCConfiguration) {
    this.config = config;
  }
  addTransceiver(track: MediaStreamTrack, init: { direction: string; sendEncodings?: RTCRtpEncodingParameters[] }) {
    this.transceivers.push({ track, direction: init.direction, ...(init.sendEncodings ? { sendEncodings: init.sendEncodings } : {}) });
  }
  async createOffer() {
    return { type: 'offer', sdp: 'local-offer' };
  }
  async createAnswer() {
    return { type: 'answer', sdp: 'local-answer' };
  }
  async setLocalDescription(description: { type: string; sdp: string }) {
    this.localDescription = description;
    queueMicrotask(() => this.onicecandidate?.({ candidate: null }));
  }
  async setRemoteDescription(description: { type: string; sdp: string }) {
    this.remoteDescription = description;
    if (description.type === 'offer') {
      for (const kind of ['audio', 'video'] as const) this.ontrack?.({ track: asTrack(new FakeTrack(kind)) });
    }
  }
  getSenders() {
    return this.transceivers.map((t) => ({
      track: t.track,
      replaceTrack: async (track: MediaStreamTrack) => {
        this.replaced.push(track);
        t.track = track;
      },
    }));
  }
  close() {
    this.closed = true;
  }
}
