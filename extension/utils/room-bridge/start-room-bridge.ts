import { isRoomOrigin } from '@/config/room-origins';
import { announceExtension } from './announce-extension.ts';

export interface RoomBridgeDeps {
  extensionId: string;
  /** The server chosen on the options page. */
  serverOrigin(): Promise<string>;
  /** The build's room origins (`WXT_ROOM_ORIGINS`, comma-separated). */
  buildOrigins?: string;
}

/**
 * The room-bridge content script runs on every page its match patterns cover (all of localhost,
 * any port: patterns carry no port). It tells the page the extension's id only when the page is a
 * meeting room: the configured server's origin or one of the build's. Returns whether it did.
 */
export async function startRoomBridge(doc: Document, { extensionId, serverOrigin, buildOrigins }: RoomBridgeDeps): Promise<boolean> {
  const pageOrigin = doc.defaultView?.location.origin ?? '';
  if (!isRoomOrigin(pageOrigin, await serverOrigin(), buildOrigins)) return false;
  announceExtension(doc, extensionId);
  return true;
}
