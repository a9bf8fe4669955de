import { loadRejoinTicket } from './rejoin-store.ts';

const joinPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/join`;

/** Rejoins sent as the page started, by meeting: the participant they are for and the answer on its way. */
const pending = new Map<string, { participantId: string; answer: Promise<Response> }>();

/**
 * A reload of a page that was in a call: its rejoin goes out as the page starts, beside the
 * meeting's info, instead of after it. The call takes the answer (`takeEarlyRejoin`) when it
 * joins as the same participant. The mute state is the one the ticket kept; the call sends the
 * live state over the room channel once it is open.
 */
export function sendRejoinEarly(meetingId: string, headers: Record<string, string>, storage: Storage = sessionStorage, send = fetch) {
  const ticket = loadRejoinTicket(meetingId, storage);
  if (!ticket || pending.has(meetingId)) return;
  const init: RequestInit = {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    credentials: 'same-origin',
    body: JSON.stringify({
      name: ticket.name,
      audioMuted: ticket.audioMuted === true,
      videoMuted: ticket.videoMuted === true,
      rejoin: { participantId: ticket.participantId, token: ticket.token },
    }),
  };
  // Failing on the way (not an answer from the server): the call then sends its own join.
  const answer = send(joinPath(meetingId), init);
  answer.catch(() => undefined);
  pending.set(meetingId, { participantId: ticket.participantId, answer });
}

/**
 * The early rejoin's answer, once, as a `fetch` for the call's join, if one went out for this
 * participant; a network failure of the early one falls back to a fresh request.
 */
export function takeEarlyRejoin(meetingId: string, participantId: string): typeof fetch | null {
  const early = pending.get(meetingId);
  pending.delete(meetingId);
  if (!early || early.participantId !== participantId) return null;
  return (input, init) => early.answer.catch(() => fetch(input, init));
}
