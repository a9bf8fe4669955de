import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { roomMatchPatterns } from '@/config/room-origins';
import { startRoomBridge } from '@/utils/room-bridge/start-room-bridge';
import { serverOriginItem } from '@/utils/storage/items';

/**
 * On room pages (the origins of externally_connectable; checked with their port at run time): tell
 * the page the extension's id. Chrome only: Firefox has no externally_connectable, so no tab sharing.
 */
export default defineContentScript({
  matches: roomMatchPatterns(import.meta.env.WXT_ROOM_ORIGINS),
  exclude: ['firefox'],
  runAt: 'document_start',
  main() {
    void startRoomBridge(document, {
      extensionId: browser.runtime.id,
      serverOrigin: () => serverOriginItem.getValue(),
      buildOrigins: import.meta.env.WXT_ROOM_ORIGINS,
    });
  },
});
