import { t } from '../i18n/i18n.ts';
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { JoinResponseSchema, type JoinResponse, type Reservation } from '../../../shared/api/participants.ts';
import { PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../../shared/api/chat.ts';
import type { ClientHints } from '../../../shared/media-check.ts';
import { assertNever, LeaveReason, MediaMode, RoomCloseCode, type ServerEvent } from '../../../shared/room-events.ts';
import { apiRequest, ApiClientError } from '../api/api-client.ts';
import type { LocalMedia } from '../media/local-media.ts';
import { createIceRefresh } from '../network/ice-refresh.ts';
import type { LinkStatus } from '../network/connection-verdict.ts';
import { createScreenShare } from '../share/create-screen-share.ts';
import { RtcConfigSchema } from '../../../shared/api/rtc.ts';
import { awaitTheirCalls, pagesThatCallUs } from './calls-after-reload.ts';
import { createLinkKeeper, type LinkKeeper } from './link-keeper.ts';
import { createPeerMesh, loadPeerJs, type PeerClass, type PeerMesh, type PeerMeshOptions } from './peer-mesh.ts';
import { takeEarlyRejoin } from './early-rejoin.ts';
import { clearRejoinTicket, loadRejoinTicket, saveRejoinTicket } from './rejoin-store.ts';
import { createLinksAhead } from './links-ahead.ts';
import { until } from '../app/until.ts';
import { createRoomChannelClient, type RoomChannelClient, type WebSocketClass } from './room-channel-client.ts';
import { createRoster } from './roster.ts';
import { createSfuSide } from './sfu/attach-sfu.ts';
import { readClientHints } from './client-hints.ts';
import { toggle } from './toggle-device.ts';

export { toggle };

/** A reload opens its links with the ticket's ICE servers only while their TURN credentials have this long to live. */
const TICKET_RTC_MARGIN_MS = 60_000;

/** How long the end of a join waits for its first offers to go out. */
const OFFERS_FIRST_MS = 150;

const NO_STREAMS: ReadonlyMap<string, MediaStream> = new Map();
const NO_STATUS: ReadonlyMap<string, LinkStatus> = new Map();

/** ended: the host ended the meeting for everyone; removed: the host removed us. */
export type CallStatus = 'idle' | 'joining' | 'in-call' | 'left' | 'failed' | 'ended' | 'removed';

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
  let channel: RoomChannelClient | null = null;
  let token = '';
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
  /** Fetches fresh ICE servers (TURN credentials) for this participant. */
  let refreshIce: () => Promise<void> = async () => undefined;

  const screen = createScreenShare({
    // On the SFU the screen goes through Janus (attach-sfu.ts follows screen.stream).
    publish(stream) {
      for (const p of others.value) if (meshCameraWith(p.id)) meshSignal.value?.shareScreenTo(p.id, stream);
    },
    unpublish: () => meshSignal.value?.stopScreenShare(),
    announce: (active) => channel?.send({ type: 'screen-share', active }),
  });

  let keeper: LinkKeeper | null = null;
  /** The first welcome of this join (later ones follow a reconnect of the room channel). */
  let welcomed = false;
  /**
   * Those who were in the room before us wait for our call. The room channel and PeerJS open at
   * the same time; whichever comes second places the calls (the first welcome's roster, once).
   */
  let peerOpen = false;
  let presentBefore: string[] | null = null;
  /** These links are a reloaded page's (a rejoin with its ticket): the pages present call us (calls-after-reload.ts). */
  let reloaded = false;
  /** The first welcome's calls are placed and our offers (or, after a reload, our answers) are out. */
  const callsOut = signal(false);
  /**
   * And those calls are under way: ICE is checking, the other side's answer and candidates applied
   * (peer-mesh.ts, `underWay`). The page may draw the room now (room/join-phase.ts).
   */
  const callsUnderWay = signal(false);
  const callThoseBefore = () => {
    if (!peerOpen || !presentBefore) return;
    const mesh = meshSignal.value;
    const ids = presentBefore.splice(0).filter(meshCameraWith);
    const theyCall = reloaded ? pagesThatCallUs(participants.value, ids) : new Set<string>();
    const weCall = ids.filter((id) => !theyCall.has(id));
    for (const id of weCall) mesh?.connectTo(id);
    // An offer made ahead that none of these calls took (nobody to call: an empty room) is let go.
    mesh?.coolDown();
    const answers = mesh && theyCall.size > 0 ? awaitTheirCalls(mesh, [...theyCall]) : undefined;
    void Promise.all([...weCall.map((id) => mesh?.offered(id)), answers])
      .then(() => {
        if (meshSignal.peek() !== mesh) return;
        callsOut.value = true;
        return Promise.all(ids.map((id) => mesh?.underWay(id)));
      })
      .then(() => {
        if (meshSignal.peek() === mesh && callsOut.peek()) callsUnderWay.value = true;
      });
  };
  /** Client hints are read as soon as the page has the call, so the join never waits for them. */
  let clientHints: ClientHints | undefined;
  void readClientHints().then((hints) => (clientHints = hints));
  const listeners = new Set<(event: ServerEvent) => void>();
  /** The room has confirmed our share (so a later "not sharing" about us means someone took over). */
  let screenAnnounced = false;

  function onEvent(event: ServerEvent) {
    for (const listener of listeners) listener(event);
    switch (event.type) {
      case 'welcome': {
        const first = !welcomed;
        welcomed = true;
        roster.set(event.participants);
        mediaMode.value = event.mediaMode;
        // Those who were here before us wait for our call. After a reconnect of our own
        // channel, the link keeper restores whatever calls were lost meanwhile.
        if (first) {
          presentBefore = event.participants.filter((p) => p.id !== selfId.value).map((p) => p.id);
          callThoseBefore();
        } else keeper?.ensureAll();
        return;
      }
      case 'participant-joined': {
        roster.upsert(event.participant);
        announce(t('call.joined', { name: event.participant.name }));
        // They call us for the cameras; our screen, if we share, goes to them from us.
        const sharing = screen.stream.value;
        if (sharing && meshCameraWith(event.participant.id)) meshSignal.value?.shareScreenTo(event.participant.id, sharing);
        return;
      }
      case 'participant-updated': {
        const p = event.participant;
        const before = roster.find(p.id);
        roster.upsert(p);
        // Back from reconnecting: make sure our call with them is up again.
        if (p.id !== selfId.value && before?.presence === 'reconnecting' && p.presence === 'connected') keeper?.ensure(p.id);
        if (p.id === selfId.value && !p.screenSharing && screen.stream.value && screenAnnounced) screen.stop('taken-over');
        if (p.id === selfId.value && p.screenSharing) screenAnnounced = true;
        if (p.id !== selfId.value && !p.screenSharing) meshSignal.value?.dropScreen(p.id);
        return;
      }
      case 'participant-reloaded': {
        // Their old page's calls are dead, and their new page waits for ours (calls-after-reload.ts).
        const id = event.participantId;
        const mesh = meshSignal.value;
        if (!mesh || id === selfId.value || !meshCameraWith(id)) return;
        mesh.drop(id);
        keeper?.forget(id);
        mesh.connectTo(id);
        const sharing = screen.stream.value;
        if (sharing) mesh.shareScreenTo(id, sharing);
        return;
      }
      case 'participant-left': {
        const gone = roster.remove(event.participantId);
        if (gone) announce(t('call.left', { name: gone.name }));
        keeper?.forget(event.participantId);
        meshSignal.value?.drop(event.participantId);
        return;
      }
      case 'chat-message': // the chat state subscribes
      case 'recording-state': // the recording state subscribes
      case 'lobby': // host-controls/ subscribe to these three
      case 'room-state':
      case 'moderation':
      case 'pong':
      case 'moving': // the room channel client reconnects at once when it closes
        return;
      case 'media-mode':
        mediaMode.value = event.mode;
        return;
      case 'meeting-ended':
        end('ended', null);
        return;
      case 'error':
        console.warn(`room channel error ${event.code}: ${event.message}`);
        return;
      default:
        assertNever(event, 'server event');
    }
  }

  function sendMediaState() {
    channel?.send({ type: 'media-state', audioMuted: media.sendsNoAudio.value, videoMuted: media.sendsNoVideo.value });
  }

  /**
   * The links of one identity (a participant's, or a reservation's before the join): the PeerJS
   * mesh, the room channel, fresh ICE servers and the effects that keep them in step with our
   * media. PeerJS and the room channel open side by side; calls go out when both are there.
   */
  function openLinks(self: { participantId: string; token: string; rtc: JoinResponse['rtc'] }, peerClass: Promise<PeerClass>) {
    const mesh = createPeerMesh({
      selfId: self.participantId,
      token: self.token,
      peerPath: self.rtc.peerPath,
      peerKey: self.rtc.peerKey,
      iceServers: self.rtc.iceServers,
      iceTransportPolicy: self.rtc.iceTransportPolicy,
      localStream: () => media.sendStream(),
      onError: (message) => (error.value = message),
      // A call dropped (ICE failed, the other side closed it): bring it back when possible.
      onLinkLost: (id) => keeper?.ensure(id, 1_000),
      onPeerReopened: () => keeper?.ensureAll(),
      loadPeer: () => peerClass,
      screen: (remoteId, kind) => {
        const caller = participants.value.find((p) => p.id === remoteId && p.id !== selfId.value);
        if (!caller) return 'wait';
        if (kind === 'camera') return meshCameraWith(remoteId) ? 'answer' : 'wait';
        return caller.screenSharing ? 'answer' : 'wait';
      },
    });
    // Calls held until their caller is on our roster (or shares) are looked at again when it changes.
    disposers.push(
      effect(() => {
        participants.value;
        mesh.rescreen();
      }),
    );
    meshSignal.value = mesh;
    keeper = createLinkKeeper({
      selfId: self.participantId,
      participants: () => participants.value,
      hasLiveLink: (id) => !meshCameraWith(id) || mesh.hasLiveLink(id),
      call: (id) => meshCameraWith(id) && mesh.connectTo(id),
    });
    // TURN credentials expire: long calls fetch fresh ones, for new and open connections.
    const ice = createIceRefresh({
      initial: self.rtc,
      fetch: () =>
        apiRequest('GET', `/api/meetings/${encodeURIComponent(meetingId)}/rtc`, RtcConfigSchema, {
          fetch,
          headers: participantHeaders(),
        }),
      apply: (rtc) => mesh.setIceServers(rtc.iceServers),
    });
    refreshIce = ice.refreshNow;
    disposers.push(ice.dispose);
    const peerOpened = mesh.open().then(() => {
      peerOpen = true;
      callThoseBefore();
    });
    channel = createRoomChannelClient({
      meetingId,
      participantId: self.participantId,
      token: self.token,
      WebSocket,
      onEvent,
      // A node that rebuilds us after a failover shows the others our real state from the start.
      mediaState: () => ({ audioMuted: media.sendsNoAudio.value, videoMuted: media.sendsNoVideo.value }),
      onOpen: () => {
        // After a reconnect the room must hear our state again (the server cleared our share).
        sendMediaState();
        const sharing = screen.stream.value;
        if (sharing) {
          screenAnnounced = false;
          channel?.send({ type: 'screen-share', active: true });
        }
      },
      onRefused: (code, reason) => {
        // Links opened ahead of the join (a reservation) that the server let go: the join opens its own.
        if (linksAhead.current()) return linksAhead.drop();
        if (status.value === 'left') return;
        if (code !== RoomCloseCode.Left) return end('failed', t('call.refused', { reason: reason || code }));
        end(reason === LeaveReason.Removed ? 'removed' : reason === LeaveReason.Ended ? 'ended' : 'left', null);
      },
    });
    disposers.push(effect(() => void (channelStatus.value = channel?.status.value ?? 'closed')));
    // Mute changes made anywhere reach the others.
    disposers.push(
      effect(() => {
        media.sendsNoAudio.value;
        media.sendsNoVideo.value;
        sendMediaState();
      }),
    );
    // Device switches and processors (blur) swap the sent track on every call, without renegotiation;
    // with no call yet there is nothing to swap, and asking for the sent track would make a silent or
    // black placeholder for nothing (links open on the pre-join page before the microphone is ready).
    // The swap is a task of its own: a camera arriving mid-join re-draws the page in its own task,
    // and the swap's calls into WebRTC took that task past 50 ms on a busy machine.
    const hasCalls = () => mesh.linkStatus.value.size > 0;
    disposers.push(swapLater(() => hasCalls() && (['audio', media.outgoingAudio.value] as const)));
    disposers.push(swapLater(() => hasCalls() && (['video', media.outgoingVideo.value] as const)));
    return { mesh, peerOpened };

    /** Follows `wanted` (the kind and track to send, or false: no calls), swapping the newest in a task after each change. */
    function swapLater(wanted: () => false | readonly ['audio' | 'video', MediaStreamTrack]): () => void {
      let timer: ReturnType<typeof setTimeout> | null = null;
      const stop = effect(() => {
        const next = wanted();
        if (timer) clearTimeout(timer);
        timer = next
          ? setTimeout(() => {
              timer = null;
              void mesh.replaceTrack(...next);
            }, 0)
          : null;
      });
      return () => {
        stop();
        if (timer) clearTimeout(timer);
      };
    }
  }

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

  /**
   * Joins the call. `refusalsToHandBack`: refusal codes the caller handles itself (a guest who turns
   * out to need the waiting room goes there): the call then goes back to idle without an error.
   */
  async function join(name: string, { refusalsToHandBack = [] as string[] } = {}): Promise<JoinOutcome> {
    if (status.value === 'joining' || status.value === 'in-call') return { joined: false, code: 'busy' };
    batch(() => {
      status.value = 'joining';
      error.value = null;
    });
    const ticket = loadRejoinTicket(meetingId, storage);
    // PeerJS is part of the app's modules (peer-mesh.ts): at hand in a microtask.
    const peerClass = (loadPeer ?? loadPeerJs)();
    peerClass.catch(() => undefined);
    // Links opened ahead (a reservation): the welcome may come before the join's answer.
    if (!ticket) linksAhead.openPending();
    if (ticket) {
      linksAhead.drop();
      // A reload opens its links now, as the participant its ticket names, beside the rejoin.
      if (ticket.rtc && (ticket.rtc.expiresAt ?? Number.POSITIVE_INFINITY) > Date.now() + TICKET_RTC_MARGIN_MS)
        linksAhead.open({ participantId: ticket.participantId, token: ticket.token, rtc: ticket.rtc }, peerClass);
      // A page that was in the call: the others call it. One the waiting room just let in is new to them.
      reloaded = ticket.inCall === true && linksAhead.current() !== null;
    }
    const ahead = linksAhead.current();
    if (ahead) selfId.value = ahead.participantId;
    try {
      // A reload sent its rejoin as the page started (early-rejoin.ts): take that answer.
      const early = ticket ? takeEarlyRejoin(meetingId, ticket.participantId) : null;
      const request = apiRequest('POST', `/api/meetings/${encodeURIComponent(meetingId)}/join`, JoinResponseSchema, {
        fetch: early ?? fetch,
        headers: accessHeaders,
        body: {
          name,
          ...(clientHints ? { clientHints } : {}),
          audioMuted: media.sendsNoAudio.value,
          videoMuted: media.sendsNoVideo.value,
          ...(ticket ? { rejoin: { participantId: ticket.participantId, token: ticket.token } } : {}),
          ...(ahead && !ticket ? { reservation: { participantId: ahead.participantId, token: ahead.token } } : {}),
        },
      });
      // Links opened ahead (a reservation) place the first calls when the join's welcome comes:
      // the offer is made while the join request is out (warm-offer.ts). Made before the click, it
      // took the main thread from the click itself; made in the click's own task, with the page's
      // answer to the click, that task passed 50 ms on a busy machine: it is a task of its own.
      if (ahead && !ticket) setTimeout(() => status.peek() === 'joining' && !callsOut.peek() && ahead.links.mesh.warmUp(), 0);
      const joined = await request;
      token = joined.token;
      selfId.value = joined.participant.id;
      const ticketFor = { participantId: joined.participant.id, token, name: joined.participant.name, rtc: joined.rtc, inCall: true };
      saveRejoinTicket(meetingId, ticketFor, storage);
      let opened: ReturnType<typeof openLinks>;
      if (ahead && linksAhead.current() === ahead && ahead.participantId === joined.participant.id) {
        // The server took the reservation (or kept our place): the same sockets go on, with the participant's token from now on.
        opened = ahead.links;
        linksAhead.release();
        channel?.setToken(token);
        opened.mesh.setToken(token);
        sendMediaState();
      } else {
        // No reservation, or it was let go meanwhile: this join opens its own links.
        linksAhead.drop();
        reloaded = joined.rejoined && ticket?.inCall === true;
        opened = openLinks({ participantId: joined.participant.id, token, rtc: joined.rtc }, peerClass);
      }
      // Our first offers go out before the rest of the join's work (the room's state, the page drawn
      // on `in-call`), which would hold them back on the main thread. Links opened ahead get their
      // welcome beside this answer (the server promotes the held channel at the join), so it is
      // waited for; capped, as a lost welcome must not hold the join.
      if (opened === ahead?.links && !callsOut.peek()) await until(callsOut, OFFERS_FIRST_MS);
      if (status.peek() !== 'joining') return { joined: false, code: 'ended' };
      const mesh = opened.mesh;
      disposers.push(
        sfuSide.attach({
          meetingId,
          participantId: joined.participant.id,
          token,
          rtc: joined.rtc,
          mode: mediaMode,
          media,
          handOff: (id) => {
            if (!meshCameraWith(id)) mesh.dropCamera(id);
          },
          screen: screen.stream,
          handOffScreen: (id) => {
            if (!meshCameraWith(id)) mesh.dropScreen(id);
          },
        }),
      );
      // …and a reload keeps our mute state.
      disposers.push(
        effect(() =>
          saveRejoinTicket(meetingId, { ...ticketFor, audioMuted: media.audioMuted.value, videoMuted: media.videoMuted.value }, storage),
        ),
      );
      if (!welcomed) roster.set([joined.participant, ...joined.participants]);
      status.value = 'in-call';
      await opened.peerOpened;
      // Whoever joins after us gets our answer without waiting for its connection to be made; on the
      // SFU nobody calls us, and no connection waits for nothing.
      disposers.push(effect(() => mesh.keepSpare(mediaMode.value !== MediaMode.Sfu && !spareHeld.value)));
      return { joined: true };
    } catch (e) {
      const message = e instanceof ApiClientError ? e.message : t('call.couldNotConnect', { reason: (e as Error).message ?? String(e) });
      const code = e instanceof ApiClientError ? e.code : 'network';
      if (e instanceof ApiClientError && (e.status === 403 || e.status === 404)) clearRejoinTicket(meetingId, storage);
      if (refusalsToHandBack.includes(code)) {
        end('idle', null);
        return { joined: false, code };
      }
      end('failed', message);
      return { joined: false, code };
    }
  }

  /** Headers for REST calls made as this participant (chat, files, ICE servers). */
  function participantHeaders(): Record<string, string> {
    const id = selfId.value;
    return id ? { ...accessHeaders, [PARTICIPANT_ID_HEADER]: id, [PARTICIPANT_TOKEN_HEADER]: token } : { ...accessHeaders };
  }

  /** Closes the sockets and connections (the links) and the effects that fed them, setting no signal. */
  function closeSockets() {
    keeper?.dispose();
    keeper = null;
    for (const dispose of disposers.splice(0)) dispose();
    channel?.dispose();
    channel = null;
    meshSignal.peek()?.dispose();
  }

  /** Closes the links, and the call's state about them goes back to none. */
  function closeLinks() {
    closeSockets();
    meshSignal.value = null;
    peerOpen = false;
    welcomed = false;
    presentBefore = null;
    reloaded = false;
    callsOut.value = false;
    callsUnderWay.value = false;
  }

  function end(next: 'idle' | 'left' | 'failed' | 'ended' | 'removed', message: string | null) {
    // Out for good: a reload must not try to come back in by itself.
    if (next === 'ended' || next === 'removed') clearRejoinTicket(meetingId, storage);
    screen.stop('left');
    linksAhead.clear();
    closeLinks();
    batch(() => {
      status.value = next;
      error.value = message;
      roster.set([]);
    });
  }

  /** Leaves the call for good (the others see us go at once). */
  function leave() {
    if (status.value !== 'in-call' && status.value !== 'joining') return;
    const id = selfId.value;
    // Over the room channel when it is open; the API only when it is not (both at once made the
    // second one a 403: the room had already let the participant go).
    if (id && !channel?.send({ type: 'leave' })) {
      void apiRequest('POST', `/api/meetings/${encodeURIComponent(meetingId)}/leave`, undefined, {
        body: { participantId: id, token },
        keepalive: true,
        fetch,
      }).catch(() => undefined);
    }
    clearRejoinTicket(meetingId, storage);
    end('left', null);
    media.stop();
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
        screenAnnounced = false;
        return screen.start();
      },
      use: (stream: MediaStream) => {
        screenAnnounced = false;
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
      await refreshIce();
      meshSignal.value?.retry(remoteId);
    },
    /**
     * The page is going away for good (a reload, a link followed): the sockets and connections
     * close, without telling the server (its grace period covers a reload) and without drawing
     * anything again — the next page waits for this page's pagehide handlers.
     */
    unload() {
      disposed = true;
      linksAhead.clear();
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

export type JoinOutcome = { joined: true } | { joined: false; code: string };
