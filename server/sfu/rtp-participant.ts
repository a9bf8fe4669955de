import { MediaStreamTrack, RTCPeerConnection, type RtpPacket, useOPUS, useVP8 } from 'werift';
import type { IceServer } from '../../shared/api/participants.ts';
import { createSession, type JanusHandle, type JanusRequester, type Jsep } from '../../shared/sfu/janus-api.ts';
import { installSrtpKeyObjects } from '../dialin/bridge/srtp-key-objects.ts';
import { installNativeX25519 } from '../dialin/bridge/x25519-native.ts';
import { VIDEOROOM } from './sfu-rooms.ts';
import { type FeedInfo, feedChanges, type MediaKind, publisherJoin, subscriberJoin } from './videoroom-feeds.ts';

export type { FeedInfo, MediaKind } from './videoroom-feeds.ts';

export interface RtpParticipantOptions {
  /** A Janus connection: ours with the API secret (janus-client.ts), or a participant's through the proxy. */
  janus: JanusRequester;
  /** The meeting: its VideoRoom has the meeting's id. */
  meetingId: string;
  /** Our feed id: the participant's id (the proxy forces it; the server uses the phone participant's). */
  feedId: string;
  display: string;
  /** What we publish: an Opus track, a VP8 track, or both. Nothing: we only subscribe. */
  publish: MediaKind[];
  iceServers?: IceServer[];
}

/** One feed we receive: its RTP, by kind. */
export interface FeedSubscription {
  readonly feed: string;
  /** Resolves once the media connection is up (ICE and DTLS done). */
  readonly connected: Promise<void>;
  close(): void;
}

/**
 * A server-side participant of a meeting's VideoRoom, on werift: a Janus session, a publisher
 * handle that joins as `feedId` and sends the RTP we write (Opus and/or VP8; werift gives the
 * packets its own SSRC, payload type and numbering), and one subscriber handle per feed we
 * subscribe to, whose RTP we hand on. The dial-in bridge publishes a caller this way, and the
 * tests' synthetic publishers too. The Janus connection stays the caller's.
 */
export interface RtpParticipant {
  readonly feedId: string;
  /** Feeds publishing in the room now (ours excluded). */
  feeds(): ReadonlyMap<string, FeedInfo>;
  /** Told of every change to `feeds()`. */
  onFeeds(listener: (feeds: ReadonlyMap<string, FeedInfo>) => void): () => void;
  /** Resolves once our publisher connection is up (at once when we publish nothing). */
  readonly connected: Promise<void>;
  /** One RTP packet (or its bytes) of the kind we publish; dropped for a kind we do not. */
  writeRtp(kind: MediaKind, packet: RtpPacket | Buffer): void;
  /** Receives one feed: only the kinds asked for (the others are declined in our answer). */
  subscribe(feed: string, kinds: MediaKind[], onRtp: (kind: MediaKind, packet: RtpPacket) => void): Promise<FeedSubscription>;
  /** Leaves the room: every handle detached, the session destroyed, every connection closed. */
  close(): Promise<void>;
}

export async function joinAsRtpParticipant(options: RtpParticipantOptions): Promise<RtpParticipant> {
  installSrtpKeyObjects();
  installNativeX25519();
  const { janus, meetingId, feedId } = options;
  const session = await createSession(janus);
  const feeds = new Map<string, FeedInfo>();
  const listeners = new Set<(feeds: ReadonlyMap<string, FeedInfo>) => void>();
  const connections = new Set<RTCPeerConnection>();
  const tracks = new Map<MediaKind, MediaStreamTrack>();
  let closed = false;

  const onRoomEvent = (data: Record<string, unknown>) => {
    const { published, gone } = feedChanges(data, feedId);
    if (published.length === 0 && gone.length === 0) return;
    for (const feed of published) feeds.set(feed.id, feed);
    for (const id of gone) feeds.delete(id);
    for (const listener of listeners) listener(feeds);
  };
  const newConnection = () => {
    const pc = new RTCPeerConnection({
      iceServers: options.iceServers ?? [],
      bundlePolicy: 'max-bundle',
      // werift's codec factories, not hooks.
      // biome-ignore lint/correctness/useHookAtTopLevel: useOPUS/useVP8 are werift functions named like hooks
      codecs: { audio: [useOPUS()], video: [useVP8()] },
    });
    connections.add(pc);
    return pc;
  };

  let publisher: JanusHandle;
  let connected: Promise<void>;
  try {
    publisher = await session.attach(VIDEOROOM);
    publisher.onEvent((data) => onRoomEvent(data));
    const joined = await publisher.message(publisherJoin(meetingId, feedId, options.display));
    onRoomEvent(joined.data);
    connected = Promise.resolve();
    if (options.publish.length > 0) {
      const pc = newConnection();
      for (const kind of options.publish) {
        const track = new MediaStreamTrack({ kind });
        tracks.set(kind, track);
        pc.addTransceiver(track, { direction: 'sendonly' });
      }
      connected = connectedOf(pc);
      await pc.setLocalDescription(await pc.createOffer());
      const answer = await publisher.message({ request: 'publish', display: options.display }, await gathered(pc));
      if (!answer.jsep) throw new Error('Janus sent no answer to our offer');
      await pc.setRemoteDescription(answer.jsep as { type: 'answer'; sdp: string });
    }
  } catch (error) {
    for (const pc of connections) void pc.close().catch(() => undefined);
    await session.destroy().catch(() => undefined);
    throw error;
  }

  const subscriptions = new Set<{ handle: JanusHandle; pc: RTCPeerConnection }>();

  return {
    feedId,
    feeds: () => feeds,
    onFeeds(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    connected,
    writeRtp(kind, packet) {
      if (!closed) tracks.get(kind)?.writeRtp(packet);
    },
    async subscribe(feed, kinds, onRtp) {
      const handle = await session.attach(VIDEOROOM);
      const pc = newConnection();
      const entry = { handle, pc };
      subscriptions.add(entry);
      const close = () => {
        if (!subscriptions.delete(entry)) return;
        connections.delete(pc);
        void pc.close().catch(() => undefined);
        void handle.detach().catch(() => undefined);
      };
      try {
        const attached = await handle.message(subscriberJoin(meetingId, feed));
        if (!attached.jsep) throw new Error(`Janus sent no offer for feed ${feed}`);
        pc.onTrack.subscribe((track) => {
          const kind = track.kind as MediaKind;
          track.onReceiveRtp.subscribe((rtp) => {
            if (!closed && rtp.payload.length > 0) onRtp(kind, rtp);
          });
        });
        await pc.setRemoteDescription(attached.jsep as { type: 'offer'; sdp: string });
        for (const transceiver of pc.getTransceivers())
          transceiver.setDirection(kinds.includes(transceiver.kind as MediaKind) ? 'recvonly' : 'inactive');
        const subscriptionConnected = connectedOf(pc);
        await pc.setLocalDescription(await pc.createAnswer());
        await handle.message({ request: 'start', room: meetingId }, await gathered(pc));
        return { feed, connected: subscriptionConnected, close };
      } catch (error) {
        close();
        throw error;
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      listeners.clear();
      for (const track of tracks.values()) track.stop();
      for (const pc of connections) void pc.close().catch(() => undefined);
      connections.clear();
      subscriptions.clear();
      // Destroying the session detaches every handle: Janus tells the room we left.
      await session.destroy().catch(() => undefined);
    },
  };
}

/** Our description once ICE gathering completed: every candidate is in it, no trickling needed. */
async function gathered(pc: RTCPeerConnection): Promise<Jsep> {
  if (pc.iceGatheringState !== 'complete')
    await new Promise<void>((resolve) => {
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((state) => {
        if (state !== 'complete') return;
        unSubscribe();
        resolve();
      });
      if (pc.iceGatheringState === 'complete') resolve();
    });
  const description = pc.localDescription;
  if (!description) throw new Error('no local description');
  return { type: description.type, sdp: description.sdp };
}

function connectedOf(pc: RTCPeerConnection): Promise<void> {
  const connected = new Promise<void>((resolve, reject) => {
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected') resolve();
      if (state === 'failed' || state === 'closed') reject(new Error(`the connection to Janus ${state}`));
    });
  });
  connected.catch(() => undefined); // nobody may wait for it
  return connected;
}
