import { matchRoute } from '../app/route-match.ts';
import { sendRejoinEarly } from '../call/early-rejoin.ts';
import { meetingAccessHeaders, meetingInfoKey, meetingInfoPath } from '../room/meeting-access.ts';
import { sendEarly } from './early-requests.ts';

/**
 * The page's first script: a small module of its own (index.html loads it `async`, ahead of the
 * app), run while the app's code is still on its way. On a meeting's page it sends the requests
 * the app would otherwise send only once it has loaded and drawn its first frame — the meeting's
 * info, and a reload's rejoin — and the app takes their answers (early-requests.ts).
 */
const route = matchRoute(location.pathname, location.search);
if (route.name === 'meeting') {
  const headers = meetingAccessHeaders(route.meetingId, route.invite);
  sendRejoinEarly(route.meetingId, headers);
  sendEarly(meetingInfoKey(route.meetingId), meetingInfoPath(route.meetingId), { headers, credentials: 'same-origin' });
}
