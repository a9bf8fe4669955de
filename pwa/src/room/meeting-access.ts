import { DEVICE_ID_HEADER, INVITE_HEADER } from '../../../shared/api/access-headers.ts';
import { rememberInviteToken } from '../call/invite-token-store.ts';
import { deviceId } from '../host-controls/device-id.ts';

/** The meeting's public info (`GET`): the meeting page sends it at its first render and takes the answer by this key. */
export const meetingInfoPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/info`;
export const meetingInfoKey = (meetingId: string) => `info:${meetingId}`;
/**
 * A first visit's opening request (`POST`): the info and, when the page could walk straight in, a
 * place held for its sockets (server/rooms/reservations.ts). A reload asks the info alone.
 */
export const meetingVisitPath = (meetingId: string) => `/api/meetings/${encodeURIComponent(meetingId)}/visit`;
export const meetingVisitKey = (meetingId: string) => `visit:${meetingId}`;

/**
 * The headers every request of a meeting page carries: the guest's invite token (from the link, or
 * kept for this tab so a reload works) and the device id, by which the server recognises a guest
 * the host removed (host-controls/).
 */
export function meetingAccessHeaders(meetingId: string, invite: string | null): Record<string, string> {
  const token = rememberInviteToken(meetingId, invite);
  return { ...(token ? { [INVITE_HEADER]: token } : {}), [DEVICE_ID_HEADER]: deviceId() };
}
