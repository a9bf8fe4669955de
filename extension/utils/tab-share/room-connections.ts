import { browser, type Browser } from 'wxt/browser';
import * as v from 'valibot';
import { EXTENSION_PROTOCOL_VERSION, PageHelloSchema, TAB_SHARE_PORT, type ExtensionHello } from '@shared/extension-messages';
import type { PageChannel, TabShareService } from './tab-share-service.ts';

export interface RoomConnectionsDeps {
  tabShare: TabShareService;
  isSignedIn(): Promise<boolean>;
}

/** The answer to a room page's one-shot `hello`; undefined for anything else. */
export async function answerHello(input: unknown, isSignedIn: () => Promise<boolean>): Promise<ExtensionHello | undefined> {
  if (!v.is(PageHelloSchema, input)) return undefined;
  return {
    type: 'hello',
    protocol: EXTENSION_PROTOCOL_VERSION,
    extensionVersion: browser.runtime.getManifest().version,
    signedIn: await isSignedIn(),
  };
}

/** Ports named `tab-share` from room tabs become PageChannels of the tab-share service. */
export function acceptTabSharePort(port: Browser.runtime.Port, tabShare: TabShareService): void {
  const tabId = port.sender?.tab?.id;
  if (port.name !== TAB_SHARE_PORT || tabId === undefined) {
    port.disconnect();
    return;
  }
  const channel: PageChannel = {
    tabId,
    origin: port.sender?.origin ?? originOf(port.sender?.url),
    post(message) {
      try {
        port.postMessage(message);
      } catch {
        // The page went away between its message and our answer; onDisconnect cleans up.
      }
    },
  };
  port.onMessage.addListener((message) => tabShare.onPageMessage(channel, message));
  port.onDisconnect.addListener(() => tabShare.onPageGone(channel));
}

const originOf = (url: string | undefined) => {
  try {
    return url ? new URL(url).origin : 'an unknown page';
  } catch {
    return 'an unknown page';
  }
};

/**
 * Room pages reach the extension through `externally_connectable` (their origins are in the
 * manifest): a one-shot `hello` to detect it, and a `tab-share` port to share a tab.
 */
export function listenToRooms({ tabShare, isSignedIn }: RoomConnectionsDeps): void {
  browser.runtime.onMessageExternal.addListener((message, _sender, sendResponse) => {
    void answerHello(message, isSignedIn).then(sendResponse);
    return true;
  });
  browser.runtime.onConnectExternal.addListener((port) => acceptTabSharePort(port, tabShare));
}
