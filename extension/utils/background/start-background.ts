import { browser } from 'wxt/browser';
import { isRoomOrigin } from '@/config/room-origins';
import { originPermissionPattern } from '../api/server-origin.ts';
import { createAuthService } from '../auth/auth-service.ts';
import { createMeetingsService } from '../meetings/meetings-service.ts';
import { listenToRooms } from '../tab-share/room-connections.ts';
import { createTabShareService } from '../tab-share/tab-share-service.ts';
import { serverOriginItem } from '../storage/items.ts';
import { registerMessageHandlers } from './message-handlers.ts';

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
  listenToRooms({
    tabShare,
    isSignedIn: async () => (await auth.status()).user !== null,
    isRoom: async (origin) => isRoomOrigin(origin, await serverOriginItem.getValue(), import.meta.env.WXT_ROOM_ORIGINS),
  });
}
