import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// Every extension test starts from an empty fake browser (storage, badges, tabs, listeners) and
// without the message handlers a previous test registered. The messaging module is imported late:
// this file runs before WXT's own setup puts the fake browser in place of `browser`.
beforeEach(async () => {
  fakeBrowser.reset();
  const { removeAllListeners } = await import('../../extension/utils/messaging/protocol.ts');
  removeAllListeners();
});
