import { sendEarly, takeEarly } from './early-requests.ts';
import { loadRejoinTicket } from './rejoin-store.ts';

const joinPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/join`;
const rejoinKey = (meetingId: string, participantId: string) => `rejoin:${meetingId}:${participantId}`;

/**
 * A reload of a page that was in a call: its rejoin goes out as the page starts (the meeting
 * page's first render), beside the meeting's info, instead of after it. The call takes the answer (`takeEarlyRejoin`)
 * when it joins as the same participant. The mute state is the one the ticket kept; the call sends
 * the live state over the room channel once it is open.
 */
export function sendRejoinEarly(meetingId: string, headers: Record<string, string>, storage: Storage = sessionStorage, send = fetch): void {
  const ticket = loadRejoinTicket(meetingId, storage);
  if (!ticket) return;
  sendEarly(
    rejoinKey(meetingId, ticket.participantId),
    joinPath(meetingId),
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      credentials: 'same-origin',
      body: JSON.stringify({
        name: ticket.name,
        audioMuted: ticket.audioMuted === true,
        videoMuted: ticket.videoMuted === true,
        rejoin: { participantId: ticket.participantId, token: ticket.token },
      }),
    },
    send,
  );
}

/**
 * The early rejoin's answer, once, as a `fetch` for the call's join, if one went out for this
 * participant; a network failure of the early one falls back to a fresh request.
 */
export function takeEarlyRejoin(meetingId: string, participantId: string): typeof fetch | null {
  return takeEarly(rejoinKey(meetingId, participantId));
}
