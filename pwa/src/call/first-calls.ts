import { signal } from '@preact/signals';
import { PresenceState } from '../../../shared/api/participants.ts';
import { awaitTheirCalls, pagesThatCallUs } from './calls-after-reload.ts';
import type { CallContext } from './call-context.ts';

export type FirstCallsDeps = Pick<CallContext, 'state' | 'meshSignal' | 'participants' | 'meshCameraWith'>;

/**
 * The first calls of a join: once both the room channel's first welcome (`state.presentBefore`)
 * and our PeerJS socket (`state.peerOpen`) are there, `callThoseBefore` calls those who were in
 * the room before us (after a reload, waits for their calls instead: calls-after-reload.ts), and
 * `callsOut`, then `callsUnderWay`, tell how far those calls have come.
 */
export function createFirstCalls({ state, meshSignal, participants, meshCameraWith }: FirstCallsDeps) {
  /** The first welcome's calls are placed and our offers (or, after a reload, our answers) are out. */
  const callsOut = signal(false);
  /**
   * And one of those calls is under way: ICE is checking, the other side's answer and candidates
   * applied (peer-mesh.ts, `underWay`). The page may draw the room now (room/join-phase.ts). The
   * first, not all: someone on the roster whose page is gone (its tab closed, within the server's
   * reconnect grace) never answers, and waiting for every call held the room, and so the first
   * picture, until join-phase.ts's cap (200 ms): click → first frame 306 against 190 ms.
   */
  const callsUnderWay = signal(false);
  const callThoseBefore = () => {
    if (!state.peerOpen || !state.presentBefore) return;
    const mesh = meshSignal.value;
    const ids = state.presentBefore.splice(0).filter(meshCameraWith);
    // Someone whose page is away (reconnecting: its tab may be gone, and the server keeps its place
    // a while) is called once the calls with those present are out: its offer, made beside theirs,
    // took the main thread from them (the offer made ahead went to it if it came first), and it
    // may never answer. A page that comes back is called again by the link keeper anyway.
    const away = new Set(participants.value.filter((p) => p.presence === PresenceState.Reconnecting).map((p) => p.id));
    const present = ids.filter((id) => !away.has(id));
    const theyCall = state.reloaded ? pagesThatCallUs(participants.value, present) : new Set<string>();
    const weCall = present.filter((id) => !theyCall.has(id));
    for (const id of weCall) mesh?.connectTo(id);
    // An offer made ahead that none of these calls took (nobody to call: an empty room) is let go.
    mesh?.coolDown();
    const answers = mesh && theyCall.size > 0 ? awaitTheirCalls(mesh, [...theyCall]) : undefined;
    void Promise.all([...weCall.map((id) => mesh?.offered(id)), answers])
      .then(() => {
        if (meshSignal.peek() !== mesh) return;
        for (const id of ids) if (away.has(id)) mesh?.connectTo(id);
        callsOut.value = true;
        return firstOf(present.map((id) => mesh?.underWay(id) ?? Promise.resolve()));
      })
      .then(() => {
        if (meshSignal.peek() === mesh && callsOut.peek()) callsUnderWay.value = true;
      });
  };
  return { callsOut, callsUnderWay, callThoseBefore };
}

/** Resolves once the first of these does; at once when there are none. */
function firstOf(promises: Promise<void>[]): Promise<void> {
  return promises.length === 0 ? Promise.resolve() : Promise.race(promises);
}
