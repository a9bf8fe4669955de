import type { Signal } from '@preact/signals';
import type { MediaMode } from '../../../shared/room-events.ts';
import type { LocalMedia } from '../media/local-media.ts';
import type { ScreenShare } from '../share/create-screen-share.ts';
import type { LinkKeeper } from './link-keeper.ts';
import type { PeerMesh, PeerMeshOptions } from './peer-mesh.ts';
import type { RoomChannelClient, WebSocketClass } from './room-channel-client.ts';
import type { Roster } from './roster.ts';
import type { SfuSide } from './sfu/attach-sfu.ts';

/** ended: the host ended the meeting for everyone; removed: the host removed us. */
export type CallStatus = 'idle' | 'joining' | 'in-call' | 'left' | 'failed' | 'ended' | 'removed';

/**
 * The plain (not signal) state of one call, which the modules that make up the call read and
 * change: the links of the moment (the room channel, the link keeper), the participant's token, and
 * how far the first calls of the join have come.
 */
export interface CallState {
  channel: RoomChannelClient | null;
  token: string;
  /** Fetches fresh ICE servers (TURN credentials) for this participant. */
  refreshIce: () => Promise<void>;
  keeper: LinkKeeper | null;
  /** The first welcome of this join (later ones follow a reconnect of the room channel). */
  welcomed: boolean;
  /**
   * Those who were in the room before us wait for our call. The room channel and PeerJS open at
   * the same time; whichever comes second places the calls (the first welcome's roster, once).
   */
  peerOpen: boolean;
  presentBefore: string[] | null;
  /** These links are a reloaded page's (a rejoin with its ticket): the pages present call us (calls-after-reload.ts). */
  reloaded: boolean;
  /** The room has confirmed our share (so a later "not sharing" about us means someone took over). */
  screenAnnounced: boolean;
}

/** A call's state before its first join: no links yet. */
export function createCallState(): CallState {
  return {
    channel: null,
    token: '',
    refreshIce: async () => undefined,
    keeper: null,
    welcomed: false,
    peerOpen: false,
    presentBefore: null,
    reloaded: false,
    screenAnnounced: false,
  };
}

/**
 * What the modules of one call (join-call.ts, open-links.ts, first-calls.ts, room-event-handler.ts,
 * call-teardown.ts) are given by create-call.ts, which makes each of them once: the page's ways out,
 * the call's signals and its state. Each module names the parts it takes (`Pick`).
 */
export interface CallContext {
  meetingId: string;
  media: LocalMedia;
  /** Proof of access sent with the join (create-call.ts, `CallDeps`). */
  accessHeaders: Record<string, string>;
  fetch: typeof fetch | undefined;
  loadPeer: PeerMeshOptions['loadPeer'];
  WebSocket: WebSocketClass | undefined;
  storage: Storage | undefined;
  state: CallState;
  /** The effects and helpers that feed the links, run when they close (call-teardown.ts). */
  disposers: (() => void)[];
  status: Signal<CallStatus>;
  error: Signal<string | null>;
  selfId: Signal<string | null>;
  roster: Roster;
  participants: Roster['participants'];
  /** How the meeting's media travels, as the server says (welcome, media-mode). */
  mediaMode: Signal<MediaMode>;
  meshSignal: Signal<PeerMesh | null>;
  channelStatus: Signal<RoomChannelClient['status']['value']>;
  /** While true, no connection is made ahead for the next call we answer (create-call.ts, `holdSpare`). */
  spareHeld: Signal<boolean>;
  sfuSide: SfuSide;
  screen: ScreenShare;
  /** Whether a camera call with them goes over the mesh (create-call.ts). */
  meshCameraWith: (id: string) => boolean;
}
