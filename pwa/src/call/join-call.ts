import { batch, effect, type Signal } from '@preact/signals';
import { t } from '../i18n/i18n.ts';
import { JoinResponseSchema } from '../../../shared/api/participants.ts';
import type { ClientHints } from '../../../shared/media-check.ts';
import { MediaMode } from '../../../shared/room-events.ts';
import { apiRequest, ApiClientError } from '../api/api-client.ts';
import { nextTask } from '../app/next-task.ts';
import { until } from '../app/until.ts';
import type { CallContext } from './call-context.ts';
import type { CallTeardown } from './call-teardown.ts';
import { takeEarlyRejoin } from './early-rejoin.ts';
import type { createLinksAhead } from './links-ahead.ts';
import type { OpenedLinks, createOpenLinks } from './open-links.ts';
import { loadPeerJs } from './peer-mesh.ts';
import { clearRejoinTicket, loadRejoinTicket, saveRejoinTicket } from './rejoin-store.ts';

/** A reload opens its links with the ticket's ICE servers only while their TURN credentials have this long to live. */
const TICKET_RTC_MARGIN_MS = 60_000;

/** How long the end of a join waits for its first offers to go out. */
const OFFERS_FIRST_MS = 150;

export type JoinOutcome = { joined: true } | { joined: false; code: string };

export type JoinDeps = Pick<
  CallContext,
  | 'meetingId'
  | 'media'
  | 'accessHeaders'
  | 'fetch'
  | 'loadPeer'
  | 'storage'
  | 'state'
  | 'disposers'
  | 'status'
  | 'error'
  | 'selfId'
  | 'roster'
  | 'mediaMode'
  | 'spareHeld'
  | 'sfuSide'
  | 'screen'
  | 'meshCameraWith'
> & {
  callsOut: Signal<boolean>;
  /** The client hints read as the call was made, once they are there. */
  clientHints: () => ClientHints | undefined;
  linksAhead: ReturnType<typeof createLinksAhead<OpenedLinks>>;
  openLinks: ReturnType<typeof createOpenLinks>;
  sendMediaState: () => void;
  end: CallTeardown['end'];
};

/**
 * Returns the call's `join`: asks the API to let us in (with a reload's ticket or a reservation,
 * when there is one), takes over the links opened ahead or opens its own, attaches the SFU side and
 * keeps the rejoin ticket, then waits for PeerJS to be open.
 */
export function createJoin({
  meetingId,
  media,
  accessHeaders,
  fetch,
  loadPeer,
  storage,
  state,
  disposers,
  status,
  error,
  selfId,
  roster,
  mediaMode,
  spareHeld,
  callsOut,
  sfuSide,
  screen,
  meshCameraWith,
  clientHints,
  linksAhead,
  openLinks,
  sendMediaState,
  end,
}: JoinDeps) {
  /**
   * Joins the call. `refusalsToHandBack`: refusal codes the caller handles itself (a guest who turns
   * out to need the waiting room goes there): the call then goes back to idle without an error.
   */
  async function join(name: string, { refusalsToHandBack = [] as string[] } = {}): Promise<JoinOutcome> {
    if (status.value === 'joining' || status.value === 'in-call') return { joined: false, code: 'busy' };
    batch(() => {
      status.value = 'joining';
      error.value = null;
    });
    const ticket = loadRejoinTicket(meetingId, storage);
    // PeerJS is part of the app's modules (peer-socket.ts): at hand now.
    const peerClass = (loadPeer ?? loadPeerJs)();
    if (ticket) {
      linksAhead.drop();
      // A reload opens its links now, as the participant its ticket names, beside the rejoin.
      if (ticket.rtc && (ticket.rtc.expiresAt ?? Number.POSITIVE_INFINITY) > Date.now() + TICKET_RTC_MARGIN_MS)
        linksAhead.open({ participantId: ticket.participantId, token: ticket.token, rtc: ticket.rtc }, peerClass);
      // A page that was in the call: the others call it. One the waiting room just let in is new to them.
      state.reloaded = ticket.inCall === true && linksAhead.current() !== null;
    }
    const ahead = linksAhead.current();
    if (ahead) selfId.value = ahead.participantId;
    try {
      // A reload sent its rejoin as the page started (early-rejoin.ts): take that answer.
      const early = ticket ? takeEarlyRejoin(meetingId, ticket.participantId) : null;
      const request = apiRequest('POST', `/api/meetings/${encodeURIComponent(meetingId)}/join`, JoinResponseSchema, {
        fetch: early ?? fetch,
        headers: accessHeaders,
        body: {
          name,
          ...(clientHints() ? { clientHints: clientHints() } : {}),
          audioMuted: media.sendsNoAudio.value,
          videoMuted: media.sendsNoVideo.value,
          ...(ticket ? { rejoin: { participantId: ticket.participantId, token: ticket.token } } : {}),
          ...(ahead && !ticket ? { reservation: { participantId: ahead.participantId, token: ahead.token } } : {}),
        },
      });
      // Links opened ahead (a reservation) place the first calls when the join's welcome comes:
      // the offer is made while the join request is out (warm-offer.ts). Made before the click, it
      // took the main thread from the click itself; made in the click's own task, with the page's
      // answer to the click, that task passed 50 ms on a busy machine: it is a task of its own.
      if (ahead && !ticket) void nextTask().then(() => status.peek() === 'joining' && !callsOut.peek() && ahead.links.mesh.warmUp());
      const joined = await request;
      state.token = joined.token;
      selfId.value = joined.participant.id;
      const ticketFor = {
        participantId: joined.participant.id,
        token: state.token,
        name: joined.participant.name,
        rtc: joined.rtc,
        inCall: true,
      };
      saveRejoinTicket(meetingId, ticketFor, storage);
      let opened: ReturnType<typeof openLinks>;
      if (ahead && linksAhead.current() === ahead && ahead.participantId === joined.participant.id) {
        // The server took the reservation (or kept our place): the same sockets go on, with the participant's token from now on.
        opened = ahead.links;
        linksAhead.release();
        state.channel?.setToken(state.token);
        opened.mesh.setToken(state.token);
        sendMediaState();
      } else {
        // No reservation, or it was let go meanwhile: this join opens its own links.
        linksAhead.drop();
        state.reloaded = joined.rejoined && ticket?.inCall === true;
        opened = openLinks({ participantId: joined.participant.id, token: state.token, rtc: joined.rtc }, peerClass);
      }
      // Our first offers go out before the rest of the join's work (the room's state, the page drawn
      // on `in-call`), which would hold them back on the main thread. Links opened ahead get their
      // welcome beside this answer (the server promotes the held channel at the join), so it is
      // waited for; capped, as a lost welcome must not hold the join.
      if (opened === ahead?.links && !callsOut.peek()) await until(callsOut, OFFERS_FIRST_MS);
      if (status.peek() !== 'joining') return { joined: false, code: 'ended' };
      const mesh = opened.mesh;
      disposers.push(
        sfuSide.attach({
          meetingId,
          participantId: joined.participant.id,
          token: state.token,
          rtc: joined.rtc,
          mode: mediaMode,
          media,
          handOff: (id) => {
            if (!meshCameraWith(id)) mesh.dropCamera(id);
          },
          screen: screen.stream,
          handOffScreen: (id) => {
            if (!meshCameraWith(id)) mesh.dropScreen(id);
          },
        }),
      );
      // …and a reload keeps our mute state.
      disposers.push(
        effect(() =>
          saveRejoinTicket(meetingId, { ...ticketFor, audioMuted: media.audioMuted.value, videoMuted: media.videoMuted.value }, storage),
        ),
      );
      if (!state.welcomed) roster.set([joined.participant, ...joined.participants]);
      status.value = 'in-call';
      await opened.peerOpened;
      // Whoever joins after us gets our answer without waiting for its connection to be made; on the
      // SFU nobody calls us, and no connection waits for nothing.
      disposers.push(effect(() => mesh.keepSpare(mediaMode.value !== MediaMode.Sfu && !spareHeld.value)));
      return { joined: true };
    } catch (e) {
      const message = e instanceof ApiClientError ? e.message : t('call.couldNotConnect', { reason: (e as Error).message ?? String(e) });
      const code = e instanceof ApiClientError ? e.code : 'network';
      if (e instanceof ApiClientError && (e.status === 403 || e.status === 404)) clearRejoinTicket(meetingId, storage);
      if (refusalsToHandBack.includes(code)) {
        end('idle', null);
        return { joined: false, code };
      }
      end('failed', message);
      return { joined: false, code };
    }
  }
  return join;
}
