import { matchRoute } from '../app/route-match.ts';
import { sendRejoinEarly } from '../call/early-rejoin.ts';
import { meetingAccessHeaders, meetingInfoKey, meetingInfoPath } from '../room/meeting-access.ts';
import { sendEarly } from './early-requests.ts';

/**
 * The page's first script: a small module of its own (index.html loads it `async`, ahead of the
 * app), run while the app's code is still on its way. On a meeting's page it sends the requests
 * the app would otherwise send only once it has loaded and drawn its first frame — the meeting's
 * info, and a reload's rejoin — and the app takes their answers (early-requests.ts). Then it pays
 * the platform's first use of Intl (loading its locale data: 20–40 ms on a quiet machine, over
 * 200 ms on a busy one) while the main thread would otherwise wait for the network.
 */
const route = matchRoute(location.pathname, location.search);
if (route.name === 'meeting') {
  const headers = meetingAccessHeaders(route.meetingId, route.invite);
  sendRejoinEarly(route.meetingId, headers);
  sendEarly(meetingInfoKey(route.meetingId), meetingInfoPath(route.meetingId), { headers, credentials: 'same-origin' });
}
warmIntl();

/**
 * The formats the first pages use (a meeting's time, then counts in texts and plural rules), once
 * each, in tasks of their own: each one's first use is a long task on a slow phone by itself.
 */
function warmIntl() {
  const steps = [
    () => new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(0),
    () => new Intl.NumberFormat().format(1),
    () => new Intl.PluralRules().select(1),
  ];
  const next = () => {
    try {
      steps.shift()?.();
    } catch {
      return; // an engine without Intl: the app formats without it
    }
    if (steps.length > 0) setTimeout(next, 0);
  };
  next();
}
