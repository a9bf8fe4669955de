import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { roomMatchPatterns } from '@/config/room-origins';
import { announceExtension } from '@/utils/room-bridge/announce-extension';

/** On room pages (the origins of externally_connectable): tell the page the extension's id. */
export default defineContentScript({
  matches: roomMatchPatterns(import.meta.env.WXT_ROOM_ORIGINS),
  runAt: 'document_start',
  main() {
    announceExtension(document, browser.runtime.id);
  },
});
