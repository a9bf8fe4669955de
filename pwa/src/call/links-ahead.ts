import type { JoinResponse, Reservation } from '../../../shared/api/participants.ts';
import type { PeerClass } from './peer-mesh.ts';

/** Who the links open as: a participant's (a reload's ticket) or a reservation's identity. */
export interface LinkIdentity {
  participantId: string;
  token: string;
  rtc: JoinResponse['rtc'];
}

export interface LinksAheadDeps<L> {
  /** Opens the call's links (PeerJS and the room channel) as `self`. */
  open: (self: LinkIdentity, peerClass: PeerClass) => L;
  /** Closes the call's links. */
  close: () => void;
  loadPeer: () => PeerClass;
  /** Whether links may still open (the page is not going, the call not over). */
  mayOpen: () => boolean;
}

/**
 * Links opened ahead of the join's answer, which takes them over when it names the same
 * participant: on the pre-join page with a reservation (server/rooms/reservations.ts: the PeerJS
 * socket and the room channel are open before the click), or by a reload with its ticket's identity
 * (its token is good while the room keeps its place) beside the rejoin request.
 */
export function createLinksAhead<L extends { peerOpened: Promise<void> }>(deps: LinksAheadDeps<L>) {
  let held: { participantId: string; token: string; links: L } | null = null;

  function drop() {
    if (!held) return;
    held = null;
    deps.close();
  }

  function open(self: LinkIdentity, peerClass: PeerClass) {
    const ahead = { participantId: self.participantId, token: self.token, links: deps.open(self, peerClass) };
    held = ahead;
    ahead.links.peerOpened.catch(() => held === ahead && drop());
  }

  return {
    /** The links opened ahead and not taken over yet. */
    current: () => held,
    /**
     * A first visit's reservation: its links open at once, in the task of the answer that brought
     * it, before the pre-join page is drawn. Chromium connects one WebSocket to a host at a time,
     * and the room channel's (its welcome) comes second: opened after the page was drawn, in a
     * task of its own, it was often not open yet at a quick guest's click (docs/benchmarks.md).
     * An idle moment, tried before that, came later still.
     */
    prepare(reservation: Reservation) {
      if (held || !deps.mayOpen()) return;
      open(reservation, deps.loadPeer());
    },
    open,
    /** Closes the links opened ahead (the server let them go, or the join did not take them). */
    drop,
    /**
     * Forgets them without closing them: the join took them over (they are the call's links now),
     * or the call closes all its links itself.
     */
    release() {
      held = null;
    },
  };
}
