import { computed, signal, type ReadonlySignal } from '@preact/signals';
import type { Reservation } from '../../../shared/api/participants.ts';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../../shared/api/chat.ts';
import type { ClientHints } from '../../../shared/media-check.ts';
import { MediaMode, type ServerEvent } from '../../../shared/room-events.ts';
import type { LocalMedia } from '../media/local-media.ts';
import type { LinkStatus } from '../network/connection-verdict.ts';
import { createScreenShare } from '../share/create-screen-share.ts';
import { createCallState, type CallContext, type CallStatus } from './call-context.ts';
import { createCallTeardown } from './call-teardown.ts';
import { createFirstCalls } from './first-calls.ts';
import { createJoin } from './join-call.ts';
import { createLinksAhead } from './links-ahead.ts';
import { createOpenLinks } from './open-links.ts';
import { loadPeerJs, type PeerMesh, type PeerMeshOptions } from './peer-mesh.ts';
import { createRoomEventHandler } from './room-event-handler.ts';
import type { RoomChannelClient, WebSocketClass } from './room-channel-client.ts';
import { createRoster } from './roster.ts';
import { createSfuSide } from './sfu/attach-sfu.ts';
import { readClientHints } from './client-hints.ts';
import { toggle } from './toggle-device.ts';

export { toggle };
export type { CallStatus } from './call-context.ts';
export type { JoinOutcome } from './join-call.ts';

const NO_STREAMS: ReadonlyMap<string, MediaStream> = new Map();
const NO_STATUS: ReadonlyMap<string, LinkStatus> = new Map();

export interface CallDeps {
  meetingId: string;
  media: LocalMedia;
  /** Proof of access sent with the join (the guest's invite token header); none for the host (cookie). */
  accessHeaders?: Record<string, string>;
  /** The page's ways out, the browser's unless a test passes fakes: the API… */
  fetch?: typeof fetch;
  /** …PeerJS… */
  loadPeer?: PeerMeshOptions['loadPeer'];
  /** …the room channel's socket… */
  WebSocket?: WebSocketClass;
  /** …and where the rejoin ticket is kept (sessionStorage). */
  storage?: Storage;
}

/**
 * One participant's call: joins over the API, opens the PeerJS peer, then the room
 * channel, and keeps the mesh in step with the room's participants.
 * Framework-free: components read the signals and call the actions.
 * Its parts: the join (join-call.ts), the links (open-links.ts), the first calls
 * (first-calls.ts), the room's events (room-event-handler.ts), the end (call-teardown.ts).
 */
export function createCall({ meetingId, media, accessHeaders = {}, fetch, loadPeer, WebSocket, storage }: CallDeps) {
  const status = signal<CallStatus>('idle');
  const error = signal<string | null>(null);
  const selfId = signal<string | null>(null);
  /** Who is in the room (call/roster.ts). */
  const roster = createRoster(selfId);
  const { participants, others } = roster;
  const channelStatus = signal<RoomChannelClient['status']['value']>('closed');
  /** The latest thing worth announcing (someone joined or left), for a polite live region and toasts. */
  const announcement = signal<{ text: string; at: number } | null>(null);
  const announce = (text: string) => (announcement.value = { text, at: Date.now() });
  const meshSignal = signal<PeerMesh | null>(null);
  /** While true (the page is getting into the call: room/join-phase.ts), no connection is made ahead for the next call we answer. */
  const spareHeld = signal(false);
  /** How the meeting's media travels, as the server says (welcome, media-mode). */
  const mediaMode = signal<MediaMode>(MediaMode.Mesh);
  /** The links of the moment and how far the join's first calls have come (call-context.ts). */
  const state = createCallState();
  const disposers: (() => void)[] = [];
  /** The page is going away (unload, dispose): nothing new opens. */
  let disposed = false;

  /** The SFU side of the call (call/sfu/attach-sfu.ts). */
  const sfuSide = createSfuSide({
    streams: computed(() => meshSignal.value?.remoteStreams.value ?? NO_STREAMS),
    screens: computed(() => meshSignal.value?.remoteScreens.value ?? NO_STREAMS),
  });
  /** Each participant's media: through Janus once it arrives there, through the mesh until then. */
  const remoteStreams = sfuSide.remoteStreams;
  /** Camera calls over the mesh: only while the meeting is on the mesh (on the SFU a phone caller is a Janus feed too, dial-in's sfu-leg.ts). */
  const meshCameraWith = (_id: string) => mediaMode.value !== MediaMode.Sfu;
  /** Screens shared with us: through Janus on the SFU (a second feed of the sharer), through the mesh otherwise. */
  const remoteScreens = sfuSide.remoteScreens;
  const linkStatus = computed(() => meshSignal.value?.linkStatus.value ?? NO_STATUS);

  const screen = createScreenShare({
    // On the SFU the screen goes through Janus (attach-sfu.ts follows screen.stream).
    publish(stream) {
      for (const p of others.value) if (meshCameraWith(p.id)) meshSignal.value?.shareScreenTo(p.id, stream);
    },
    unpublish: () => meshSignal.value?.stopScreenShare(),
    announce: (active) => state.channel?.send({ type: 'screen-share', active }),
  });

  /** What the call's modules are given (call-context.ts). */
  const context: CallContext = {
    meetingId,
    media,
    accessHeaders,
    fetch,
    loadPeer,
    WebSocket,
    storage,
    state,
    disposers,
    status,
    error,
    selfId,
    roster,
    participants,
    mediaMode,
    meshSignal,
    channelStatus,
    spareHeld,
    sfuSide,
    screen,
    meshCameraWith,
  };
  const { callsOut, callsUnderWay, callThoseBefore } = createFirstCalls(context);
  /** Client hints are read as soon as the page has the call, so the join never waits for them. */
  let clientHints: ClientHints | undefined;
  void readClientHints().then((hints) => (clientHints = hints));
  const listeners = new Set<(event: ServerEvent) => void>();

  const { closeSockets, closeLinks, end, leave } = createCallTeardown({
    ...context,
    callsOut,
    callsUnderWay,
    linksAhead: () => linksAhead,
  });

  const onEvent = createRoomEventHandler({ ...context, listeners, announce, callThoseBefore, end });

  function sendMediaState() {
    state.channel?.send({ type: 'media-state', audioMuted: media.sendsNoAudio.value, videoMuted: media.sendsNoVideo.value });
  }

  const openLinks = createOpenLinks({
    ...context,
    participantHeaders,
    sendMediaState,
    callThoseBefore,
    onEvent,
    end,
    linksAhead: () => linksAhead,
  });

  /** Links opened ahead of the join's answer (call/links-ahead.ts). */
  const linksAhead = createLinksAhead({
    open: openLinks,
    close: closeLinks,
    loadPeer: () => (loadPeer ?? loadPeerJs)(),
    mayOpen: () => !disposed && (status.value === 'idle' || status.value === 'joining'),
  });

  /**
   * Opens the call's sockets ahead of the join with the place the server holds for this page (a
   * first visit's reservation: nobody sees it), so that after the click only the join request
   * stands between the guest and the call.
   */
  function prepare(reservation: Reservation): void {
    if (status.value === 'idle') linksAhead.prepare(reservation);
  }

  const join = createJoin({
    ...context,
    callsOut,
    clientHints: () => clientHints,
    linksAhead,
    openLinks,
    sendMediaState,
    end,
  });

  /** Headers for REST calls made as this participant (chat, files, ICE servers). */
  function participantHeaders(): Record<string, string> {
    const id = selfId.value;
    return id ? { ...accessHeaders, [PARTICIPANT_ID_HEADER]: id, [PARTICIPANT_TOKEN_HEADER]: state.token } : { ...accessHeaders };
  }

  return {
    status: status as ReadonlySignal<CallStatus>,
    error: error as ReadonlySignal<string | null>,
    selfId: selfId as ReadonlySignal<string | null>,
    participants,
    others,
    participantCount: roster.count,
    remoteStreams,
    remoteScreens,
    sharer: roster.sharer,
    screen: {
      stream: screen.stream,
      error: screen.error,
      notice: screen.notice,
      start: () => {
        state.screenAnnounced = false;
        return screen.start();
      },
      use: (stream: MediaStream) => {
        state.screenAnnounced = false;
        screen.use(stream);
      },
      stop: () => screen.stop('user'),
      dismissNotice: screen.dismissNotice,
    },
    channelStatus: channelStatus as ReadonlySignal<string>,
    callsOut: callsOut as ReadonlySignal<boolean>,
    callsUnderWay: callsUnderWay as ReadonlySignal<boolean>,
    /** mesh or sfu, as the server decides from the headcount (the SFU path itself: call/sfu/). */
    mediaMode: mediaMode as ReadonlySignal<MediaMode>,
    announcement: announcement as ReadonlySignal<{ text: string; at: number } | null>,
    join,
    prepare,
    leave,
    /**
     * Holds back (true) the connection made ahead for the next call we answer, and lets it be made
     * again (false). The page holds it while it gets into the call: made then, it took the main
     * thread and WebRTC's signalling thread (which every call of the page waits on) in the middle of
     * the join. A spare already made is let go.
     */
    holdSpare(held: boolean) {
      spareHeld.value = held;
    },
    /** Every room event, after the call has handled it (chat, recording… subscribe here). */
    subscribe(listener: (event: ServerEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    participantHeaders,
    accessHeaders,
    toggleAudio: () => toggle(media, 'audio'),
    toggleVideo: () => toggle(media, 'video'),
    peerConnections: () => sfuSide.peerConnections(meshSignal.value?.peerConnections() ?? new Map<string, RTCPeerConnection>()),
    /** On the SFU, whose camera to receive in the best layer (the focused tile); the grid's in the smallest. */
    preferHigh: sfuSide.preferHigh,
    /** How each camera connection is doing; a failed one keeps its reason for the tile. */
    linkStatus,
    /** Calls a participant again after a failed connection, with fresh ICE servers. */
    async retryConnection(remoteId: string) {
      await state.refreshIce();
      meshSignal.value?.retry(remoteId);
    },
    /**
     * The page is going away for good (a reload, a link followed): the sockets and connections
     * close, without telling the server (its grace period covers a reload) and without drawing
     * anything again — the next page waits for this page's pagehide handlers.
     */
    unload() {
      disposed = true;
      linksAhead.release();
      closeSockets();
    },
    /** Tears down without telling the server (page unload: the grace period covers a refresh). */
    dispose() {
      disposed = true;
      end(status.value === 'in-call' ? 'left' : status.value === 'failed' ? 'failed' : 'left', null);
    },
  };
}

export type Call = ReturnType<typeof createCall>;
