import { browser } from 'wxt/browser';
import { originPermissionPattern } from '../api/server-origin';
import { createAuthService } from '../auth/auth-service';
import { createMeetingsService } from '../meetings/meetings-service';
import { listenToRooms } from '../tab-share/room-connections';
import { createTabShareService } from '../tab-share/tab-share-service';
import { registerMessageHandlers } from './message-handlers';

/** Wires the background's services to the real browser. */
export function startBackground(): void {
  const auth = createAuthService({
    hasHostAccess: (origin) => browser.permissions.contains({ origins: [originPermissionPattern(origin)] }),
  });
  const meetings = createMeetingsService(auth);
  const tabShare = createTabShareService({
    getMediaStreamId: (options) => browser.tabCapture.getMediaStreamId(options),
  });
  registerMessageHandlers({ auth, meetings, tabShare });
  listenToRooms({ tabShare, isSignedIn: async () => (await auth.status()).user !== null });
}
