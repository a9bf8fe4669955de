import type { JoinResponse, Reservation } from '../../../shared/api/participants.ts';
import type { PeerClassSource } from './peer-mesh.ts';

/** Who the links open as: a participant's (a reload's ticket) or a reservation's identity. */
export interface LinkIdentity {
  participantId: string;
  token: string;
  rtc: JoinResponse['rtc'];
}

export interface LinksAheadDeps<L> {
  /** Opens the call's links (PeerJS and the room channel) as `self`. */
  open: (self: LinkIdentity, peerClass: PeerClassSource) => L;
  /** Closes the call's links. */
  close: () => void;
  loadPeer: () => PeerClassSource;
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
  /** A reservation whose links are not open yet (they open in a task of their own, or at the join). */
  let pending: { reservation: Reservation; cancel: () => void } | null = null;

  function drop() {
    if (!held) return;
    held = null;
    deps.close();
  }

  function open(self: LinkIdentity, peerClass: PeerClassSource) {
    const ahead = { participantId: self.participantId, token: self.token, links: deps.open(self, peerClass) };
    held = ahead;
    ahead.links.peerOpened.catch(() => held === ahead && drop());
  }

  return {
    /** The links opened ahead and not taken over yet. */
    current: () => held,
    /**
     * A first visit's reservation: its links open in a task of their own, after the page that
     * brought it is drawn (waiting for an idle moment measured slower: on a real network they were
     * often not open yet at the click); a join that comes first opens them at once (`openPending`).
     */
    prepare(reservation: Reservation) {
      if (held || pending || !deps.mayOpen()) return;
      pending = { reservation, cancel: soon(openPending) };
    },
    openPending,
    open,
    /** Closes the links opened ahead (the server let them go, or the join did not take them). */
    drop,
    /** The join took them over: they are the call's links now. */
    release() {
      held = null;
    },
    /** Forgets them without closing them (the call closes all its links itself). */
    clear() {
      held = null;
      pending?.cancel();
      pending = null;
    },
  };

  function openPending() {
    if (!pending) return;
    const { reservation, cancel } = pending;
    pending = null;
    cancel();
    if (deps.mayOpen()) open(reservation, deps.loadPeer());
  }
}

/** Runs `task` in a task of its own; returns its cancel. */
function soon(task: () => void): () => void {
  const timer = setTimeout(task, 0);
  return () => clearTimeout(timer);
}
