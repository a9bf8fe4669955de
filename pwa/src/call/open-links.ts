import { effect } from '@preact/signals';
import { t } from '../i18n/i18n.ts';
import type { JoinResponse } from '../../../shared/api/participants.ts';
import { RtcConfigSchema } from '../../../shared/api/rtc.ts';
import { LeaveReason, RoomCloseCode, type ServerEvent } from '../../../shared/room-events.ts';
import { apiRequest } from '../api/api-client.ts';
import { createIceRefresh } from '../network/ice-refresh.ts';
import type { CallContext } from './call-context.ts';
import type { CallTeardown } from './call-teardown.ts';
import { createLinkKeeper } from './link-keeper.ts';
import { createPeerMesh, type PeerClass } from './peer-mesh.ts';
import { createRoomChannelClient } from './room-channel-client.ts';

export type OpenLinksDeps = Pick<
  CallContext,
  | 'meetingId'
  | 'media'
  | 'fetch'
  | 'WebSocket'
  | 'state'
  | 'disposers'
  | 'status'
  | 'error'
  | 'selfId'
  | 'participants'
  | 'meshSignal'
  | 'channelStatus'
  | 'screen'
  | 'meshCameraWith'
> & {
  /** Headers for REST calls made as this participant. */
  participantHeaders: () => Record<string, string>;
  /** Tells the room our mute state. */
  sendMediaState: () => void;
  /** Places the first welcome's calls (first-calls.ts). */
  callThoseBefore: () => void;
  /** What the call does with each room event (room-event-handler.ts). */
  onEvent: (event: ServerEvent) => void;
  end: CallTeardown['end'];
  /** The links opened ahead (links-ahead.ts), made with what this returns. */
  linksAhead: () => { current(): object | null; drop(): void };
};

/**
 * Returns `openLinks`, which opens the links of one identity and sets them as the call's
 * (`meshSignal`, `state.channel`, `state.keeper`, `state.refreshIce`).
 */
export function createOpenLinks({
  meetingId,
  media,
  fetch,
  WebSocket,
  state,
  disposers,
  status,
  error,
  selfId,
  participants,
  meshSignal,
  channelStatus,
  screen,
  meshCameraWith,
  participantHeaders,
  sendMediaState,
  callThoseBefore,
  onEvent,
  end,
  linksAhead,
}: OpenLinksDeps) {
  /**
   * The links of one identity (a participant's, or a reservation's before the join): the PeerJS
   * mesh, the room channel, fresh ICE servers and the effects that keep them in step with our
   * media. PeerJS and the room channel open side by side; calls go out when both are there.
   */
  function openLinks(self: { participantId: string; token: string; rtc: JoinResponse['rtc'] }, peerClass: PeerClass) {
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
      onLinkLost: (id) => state.keeper?.ensure(id, 1_000),
      onPeerReopened: () => state.keeper?.ensureAll(),
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
    state.keeper = createLinkKeeper({
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
    state.refreshIce = ice.refreshNow;
    disposers.push(ice.dispose);
    // The PeerJS socket is made first (`open` makes it in this task), the room channel's after it:
    // Chromium lets one WebSocket to a host connect at a time (RFC 6455, 4.1), so the second waits
    // for the first's handshake, and a reload's first offer (the pages present call it) waits at
    // the PeerServer for this one (bench/join-ab.ts: reload 272 against 286 ms, docs/benchmarks.md).
    const peerOpened = mesh.open().then(() => {
      state.peerOpen = true;
      callThoseBefore();
    });
    state.channel = createRoomChannelClient({
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
          state.screenAnnounced = false;
          state.channel?.send({ type: 'screen-share', active: true });
        }
      },
      onRefused: (code, reason) => {
        // Links opened ahead of the join (a reservation) that the server let go: the join opens its own.
        if (linksAhead().current()) return linksAhead().drop();
        if (status.value === 'left') return;
        if (code !== RoomCloseCode.Left) return end('failed', t('call.refused', { reason: reason || code }));
        end(reason === LeaveReason.Removed ? 'removed' : reason === LeaveReason.Ended ? 'ended' : 'left', null);
      },
    });
    disposers.push(effect(() => void (channelStatus.value = state.channel?.status.value ?? 'closed')));
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
  return openLinks;
}

/** The links `openLinks` opened: the mesh, and when its PeerJS socket is open (and the first calls placed, if the welcome came first). */
export type OpenedLinks = ReturnType<ReturnType<typeof createOpenLinks>>;
