import { batch, type Signal } from '@preact/signals';
import { apiRequest } from '../api/api-client.ts';
import type { CallContext } from './call-context.ts';
import { clearRejoinTicket } from './rejoin-store.ts';

export type CallTeardownDeps = Pick<
  CallContext,
  'meetingId' | 'media' | 'fetch' | 'storage' | 'state' | 'disposers' | 'status' | 'error' | 'selfId' | 'roster' | 'meshSignal' | 'screen'
> & {
  callsOut: Signal<boolean>;
  callsUnderWay: Signal<boolean>;
  /** The links opened ahead (links-ahead.ts), made after this (they close with `closeLinks`). */
  linksAhead: () => { release(): void };
};

/**
 * How a call closes: its sockets and connections alone (a page going away), its links with the
 * state about them (links opened ahead and let go), the whole call with the status it ends on, or
 * leaving for good, which tells the room.
 */
export function createCallTeardown({
  meetingId,
  media,
  fetch,
  storage,
  state,
  disposers,
  status,
  error,
  selfId,
  roster,
  meshSignal,
  callsOut,
  callsUnderWay,
  screen,
  linksAhead,
}: CallTeardownDeps) {
  /** Closes the sockets and connections (the links) and the effects that fed them, setting no signal. */
  function closeSockets() {
    state.keeper?.dispose();
    state.keeper = null;
    for (const dispose of disposers.splice(0)) dispose();
    state.channel?.dispose();
    state.channel = null;
    meshSignal.peek()?.dispose();
  }

  /** Closes the links, and the call's state about them goes back to none. */
  function closeLinks() {
    closeSockets();
    meshSignal.value = null;
    state.peerOpen = false;
    state.welcomed = false;
    state.presentBefore = null;
    state.reloaded = false;
    callsOut.value = false;
    callsUnderWay.value = false;
  }

  function end(next: 'idle' | 'left' | 'failed' | 'ended' | 'removed', message: string | null) {
    // Out for good: a reload must not try to come back in by itself.
    if (next === 'ended' || next === 'removed') clearRejoinTicket(meetingId, storage);
    screen.stop('left');
    linksAhead().release();
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
    if (id && !state.channel?.send({ type: 'leave' })) {
      void apiRequest('POST', `/api/meetings/${encodeURIComponent(meetingId)}/leave`, undefined, {
        body: { participantId: id, token: state.token },
        keepalive: true,
        fetch,
      }).catch(() => undefined);
    }
    clearRejoinTicket(meetingId, storage);
    end('left', null);
    media.stop();
  }

  return { closeSockets, closeLinks, end, leave };
}

export type CallTeardown = ReturnType<typeof createCallTeardown>;
