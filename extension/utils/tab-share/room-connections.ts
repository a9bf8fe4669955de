import { browser, type Browser } from 'wxt/browser';
import * as v from 'valibot';
import { EXTENSION_PROTOCOL_VERSION, PageHelloSchema, TAB_SHARE_PORT, type ExtensionHello } from '@shared/extension-messages';
import type { PageChannel, TabShareService } from './tab-share-service.ts';

export interface RoomConnectionsDeps {
  tabShare: TabShareService;
  isSignedIn(): Promise<boolean>;
  /**
   * Whether a page's origin is a meeting room (the configured server's, or a build origin, port
   * included). `externally_connectable` lets every local port talk to us; only rooms are answered.
   */
  isRoom(origin: string): Promise<boolean>;
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

/**
 * Ports named `tab-share` from room tabs become PageChannels of the tab-share service. Whether the
 * page is a room is known a moment later (the server address is in storage): the port's messages
 * wait for that answer, in order, and a port from another page is closed unheard.
 */
export function acceptTabSharePort(
  port: Browser.runtime.Port,
  tabShare: TabShareService,
  isRoom: (origin: string) => Promise<boolean>,
): void {
  const tabId = port.sender?.tab?.id;
  if (port.name !== TAB_SHARE_PORT || tabId === undefined) {
    port.disconnect();
    return;
  }
  const origin = port.sender?.origin ?? originOf(port.sender?.url);
  const allowed = isRoom(origin).catch(() => false);
  void allowed.then((ok) => ok || port.disconnect());
  const channel: PageChannel = {
    tabId,
    origin,
    post(message) {
      try {
        port.postMessage(message);
      } catch {
        // The page went away between its message and our answer; onDisconnect cleans up.
      }
    },
  };
  port.onMessage.addListener((message) => void allowed.then((ok) => ok && tabShare.onPageMessage(channel, message)));
  port.onDisconnect.addListener(() => void allowed.then((ok) => ok && tabShare.onPageGone(channel)));
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
export function listenToRooms({ tabShare, isSignedIn, isRoom }: RoomConnectionsDeps): void {
  browser.runtime.onMessageExternal.addListener((message, sender, sendResponse) => {
    void answerRoomMessage(message, sender.origin ?? originOf(sender.url), { isSignedIn, isRoom }).then(sendResponse);
    return true;
  });
  browser.runtime.onConnectExternal.addListener((port) => acceptTabSharePort(port, tabShare, isRoom));
}

/** A one-shot message from a page: a room's hello is answered; anything from another page is not. */
export async function answerRoomMessage(
  message: unknown,
  origin: string,
  { isSignedIn, isRoom }: Pick<RoomConnectionsDeps, 'isSignedIn' | 'isRoom'>,
): Promise<ExtensionHello | undefined> {
  return (await isRoom(origin).catch(() => false)) ? answerHello(message, isSignedIn) : undefined;
}
