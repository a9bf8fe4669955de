import { type Participant, ParticipantRole, PresenceState } from '../../../shared/api/participants.ts';
import type { PeerMesh } from './peer-mesh.ts';

/** How long a reloaded page waits for a page present to call it before it calls that page itself. */
export const RELOAD_CALL_WAIT_MS = 2_000;

/**
 * After a reload, who calls whom. A newcomer calls those present; a page that reloaded is not
 * new to them, and the server tells them at its rejoin (`participant-reloaded`), while the new page
 * is still loading. So the pages present call it: their offers wait at the PeerServer for its
 * socket, and it answers the moment its socket opens, instead of making offers on a main thread
 * still busy loading and waiting a round trip for the answers. A phone caller is not told (the
 * dial-in bridge only answers), and one whose channel is down cannot call now: those it calls.
 */
export function pagesThatCallUs(roster: readonly Participant[], ids: readonly string[]): Set<string> {
  const calling = new Set<string>();
  for (const id of ids) {
    const p = roster.find((x) => x.id === id);
    if (p && p.role !== ParticipantRole.Phone && p.presence === PresenceState.Connected) calling.add(id);
  }
  return calling;
}

/**
 * Waits for each of `ids` to call us and for our answer to go out. One whose call has not come
 * after `waitMs` (an older page that does not call, a lost event) is called by us; the mesh settles
 * a crossing by its id rule. Resolves once every answer, or call of ours, is out.
 */
export function awaitTheirCalls(
  mesh: Pick<PeerMesh, 'answered' | 'offered' | 'hasLiveLink' | 'connectTo'>,
  ids: readonly string[],
  waitMs = RELOAD_CALL_WAIT_MS,
): Promise<void> {
  const each = ids.map(
    (id) =>
      new Promise<void>((resolve) => {
        // Once we call them ourselves, their call is no longer awaited (the mesh forgets the wait).
        const stopWaiting = new AbortController();
        const timer = setTimeout(() => {
          stopWaiting.abort();
          if (mesh.hasLiveLink(id)) return resolve();
          mesh.connectTo(id);
          void mesh.offered(id).then(resolve);
        }, waitMs);
        void mesh.answered(id, stopWaiting.signal).then(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  );
  return Promise.all(each).then(() => undefined);
}
