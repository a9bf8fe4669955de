/**
 * Where a meeting's PeerJS signalling lives: one path per meeting, so the server knows
 * which meeting a socket belongs to (and a proxy in front can route it by meeting).
 * PeerJS appends `peerjs?key=…&id=…&token=…` to the path it is given.
 */
export const PEER_MOUNT = '/peerjs';

export const peerPathFor = (meetingId: string) => `${PEER_MOUNT}/m/${meetingId}/`;

/** `/peerjs/m/<meetingId>/peerjs` → the meeting id; anything else → null. */
export function meetingOfPeerSocketPath(pathname: string): string | null {
  const match = /^\/peerjs\/m\/([A-Za-z0-9_-]{1,64})\/peerjs$/.exec(pathname);
  return match?.[1] ?? null;
}
