import * as v from 'valibot';
import { parseJson } from '../room-events.ts';

/**
 * The PeerJS signalling protocol (peerjs 1.5, PeerServer 1.0) as spoken over
 * `/peerjs/peerjs?key=&id=&token=`: JSON text frames `{type, src?, dst?, payload?}`.
 * The server fills `src` when it forwards a message; a client sets `dst`.
 * Shapes read from peerjs's Negotiator and Peer._handleMessage.
 */

export const PEERJS_VERSION = '1.5.5';
/** PeerJS clients send HEARTBEAT this often; PeerServer drops a socket after `alive_timeout` without one. */
export const PEERJS_HEARTBEAT_MS = 5_000;

const Id = v.pipe(v.string(), v.maxLength(128));
const ConnectionType = v.picklist(['media', 'data']);

export const SessionDescriptionSchema = v.object({
  type: v.picklist(['offer', 'answer']),
  sdp: v.pipe(v.string(), v.maxLength(64 * 1024)),
});

export const IceCandidateSchema = v.object({
  candidate: v.pipe(v.string(), v.maxLength(1024)),
  sdpMid: v.optional(v.nullable(v.string())),
  sdpMLineIndex: v.optional(v.nullable(v.number())),
  usernameFragment: v.optional(v.nullable(v.string())),
});
export type IceCandidate = v.InferOutput<typeof IceCandidateSchema>;

const WithSource = { src: Id };

export const PeerServerMessageSchema = v.variant('type', [
  v.object({ type: v.literal('OPEN') }),
  v.object({ type: v.literal('HEARTBEAT') }),
  v.object({
    type: v.picklist(['ERROR', 'ID-TAKEN', 'INVALID-KEY']),
    payload: v.optional(v.object({ msg: v.optional(v.string()) })),
  }),
  /** The other peer's socket closed (LEAVE) or our message to it could not be delivered (EXPIRE). */
  v.object({ type: v.picklist(['LEAVE', 'EXPIRE']), ...WithSource }),
  v.object({
    type: v.literal('OFFER'),
    ...WithSource,
    payload: v.object({
      sdp: SessionDescriptionSchema,
      type: ConnectionType,
      connectionId: Id,
      metadata: v.optional(v.unknown()),
    }),
  }),
  v.object({
    type: v.literal('ANSWER'),
    ...WithSource,
    payload: v.object({ sdp: SessionDescriptionSchema, type: ConnectionType, connectionId: Id }),
  }),
  v.object({
    type: v.literal('CANDIDATE'),
    ...WithSource,
    payload: v.object({ candidate: IceCandidateSchema, type: ConnectionType, connectionId: Id }),
  }),
]);
export type PeerServerMessage = v.InferOutput<typeof PeerServerMessageSchema>;

/** What a client sends; `dst` is the other peer's id. */
export type PeerClientMessage =
  | { type: 'HEARTBEAT' }
  | {
      type: 'OFFER';
      dst: string;
      payload: { sdp: { type: 'offer'; sdp: string }; type: 'media'; connectionId: string; metadata?: unknown };
    }
  | { type: 'ANSWER'; dst: string; payload: { sdp: { type: 'answer'; sdp: string }; type: 'media'; connectionId: string } }
  | { type: 'CANDIDATE'; dst: string; payload: { candidate: IceCandidate; type: 'media'; connectionId: string } };

export const parsePeerServerMessage = (text: string) => parseJson(PeerServerMessageSchema, text);

/** PeerJS media connection ids: "mc_" and a random token. */
export const MEDIA_CONNECTION_PREFIX = 'mc_';
