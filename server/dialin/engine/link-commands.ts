import type { IceServer } from '../../../shared/api/participants.ts';
import type { IceCandidate, PeerClientMessage } from '../../../shared/peerjs/signalling.ts';

/**
 * A call's WebRTC links (one werift connection per participant of the mesh) run in the call's
 * audio worker, beside its codecs: their RTP, SRTP, DTLS and ICE never reach the main thread,
 * and the caller's Opus and the room's packets never cross a thread. The main thread keeps the
 * signalling (PeerJS) and tells the worker what to do with each link through these commands,
 * which travel in the call's ring (RecordKind.Link) so they keep their order with its audio.
 */
export type LinkCommand =
  /** A new link; the room packets it receives are mixed as `voiceId` (0: never mixed). */
  | { op: 'open'; remoteId: string; connectionId: string; iceServers: IceServer[]; streamId: string; voiceId: number }
  /** We call them: create and send an offer. */
  | { op: 'offer' }
  /** They called us: answer their offer. */
  | { op: 'answer'; sdp: string }
  /** They answered our offer. */
  | { op: 'accept-answer'; sdp: string }
  | { op: 'candidate'; candidate: IceCandidate }
  | { op: 'close' };

/** What a worker tells the main thread about a link. */
export type LinkEvent =
  /** A signalling message for PeerServer (offer, answer, candidate). */
  | { type: 'link-signal'; linkId: number; message: PeerClientMessage }
  /** The link is closed (failed, closed by the remote, or a command failed: `reason`). */
  | { type: 'link-closed'; linkId: number; reason: string | null };

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodeLinkCommand = (command: LinkCommand): Uint8Array => encoder.encode(JSON.stringify(command));

export const decodeLinkCommand = (payload: Uint8Array): LinkCommand => JSON.parse(decoder.decode(payload)) as LinkCommand;
