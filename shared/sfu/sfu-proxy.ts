/**
 * The browser's way to Janus: a WebSocket per participant at
 * `/ws/sfu/:meetingId?participantId=…&token=…` (subprotocol `janus-protocol`), which our server
 * relays to Janus after checking every request (server/sfu/sfu-proxy.ts). Frames are Janus's own
 * JSON API; the page never knows Janus's address or secrets.
 */
export const SFU_PROXY_PATH = '/ws/sfu/';
export const JANUS_PROTOCOL = 'janus-protocol';
export const VIDEOROOM_PLUGIN = 'janus.plugin.videoroom';

/**
 * VideoRoom feed ids: a participant publishes their camera and microphone as their participant id,
 * and a shared screen as a second publisher, `<participantId>~screen` (participant ids are alphanumeric).
 */
export const SCREEN_FEED_SUFFIX = '~screen';
export const screenFeedId = (participantId: string) => `${participantId}${SCREEN_FEED_SUFFIX}`;
/** Whose feed this is, and whether it is their screen. */
export function feedOwner(feedId: string): { participantId: string; screen: boolean } {
  const screen = feedId.endsWith(SCREEN_FEED_SUFFIX);
  return { participantId: screen ? feedId.slice(0, -SCREEN_FEED_SUFFIX.length) : feedId, screen };
}

/** Janus API verbs a page may send through the proxy. */
export const PAGE_JANUS_VERBS = ['create', 'attach', 'message', 'trickle', 'keepalive', 'detach', 'hangup', 'destroy'] as const;

/** VideoRoom requests a page may send (no create, destroy, edit, kick, list, rtp_forward, recording…). */
export const PAGE_VIDEOROOM_REQUESTS = [
  'join',
  'configure',
  'publish',
  'unpublish',
  'start',
  'pause',
  'switch',
  'update',
  'subscribe',
  'unsubscribe',
  'leave',
] as const;

/** Close codes of the proxy socket (4000-4999 are ours). */
export const SfuCloseCode = {
  /** Not a participant of this meeting, or the wrong token. */
  Unauthorized: 4003,
  /** The meeting is not on the SFU (or the SFU is not running). */
  NoSfu: 4009,
  /** The participant left or was removed: their Janus sessions are gone. */
  Left: 4000,
  /** A request the proxy does not relay. */
  Refused: 4400,
} as const;

/** Largest frame a page may send (an SDP offer with many candidates fits easily). */
export const SFU_MESSAGE_MAX_BYTES = 64 * 1024;
