import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { Browser } from 'wxt/browser';
import { EXTENSION_PROTOCOL_VERSION } from '@shared/extension-messages';
import { acceptTabSharePort, answerHello, answerRoomMessage } from './room-connections.ts';
import { createTabShareService } from './tab-share-service.ts';

/** A `runtime.Port` as Chrome hands it to onConnectExternal. */
function fakePort(name: string, tabId: number | undefined) {
  const messageListeners: ((m: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  const port = {
    name,
    sender: tabId === undefined ? {} : { tab: { id: tabId }, origin: 'http://localhost:3000', url: 'http://localhost:3000/m/abcdefgh12' },
    posted: [] as unknown[],
    disconnected: false,
    postMessage: vi.fn((m: unknown) => void port.posted.push(m)),
    disconnect: vi.fn(() => void (port.disconnected = true)),
    onMessage: { addListener: (l: (m: unknown) => void) => void messageListeners.push(l) },
    onDisconnect: { addListener: (l: () => void) => void disconnectListeners.push(l) },
    fromPage: (m: unknown) => messageListeners.forEach((l) => l(m)),
    closeFromPage: () => disconnectListeners.forEach((l) => l()),
  };
  return port;
}

const asPort = (p: ReturnType<typeof fakePort>) => p as unknown as Browser.runtime.Port;
const isRoom = async (origin: string) => origin === 'http://localhost:3000';

describe('room pages talking to the extension', () => {
  it('answers hello with the protocol, its version and whether it is signed in; nothing else', async () => {
    fakeBrowser.runtime.getManifest = () => ({ manifest_version: 3, name: 'Meeting room', version: '1.2.3' });
    await expect(answerHello({ type: 'hello', protocol: 1 }, async () => true)).resolves.toEqual({
      type: 'hello',
      protocol: EXTENSION_PROTOCOL_VERSION,
      extensionVersion: '1.2.3',
      signedIn: true,
    });
    await expect(answerHello({ type: 'tab-share/request' }, async () => true)).resolves.toBeUndefined();
    await expect(answerHello('hello', async () => true)).resolves.toBeUndefined();
  });

  it('a tab-share port from a room tab becomes a channel: requests go in, answers come back, closing withdraws', async () => {
    const tabShare = createTabShareService({ getMediaStreamId: async () => 'id' });
    const port = fakePort('tab-share', 5);
    acceptTabSharePort(asPort(port), tabShare, isRoom);
    port.fromPage({ type: 'tab-share/request', roomTitle: 'Call' });
    await vi.waitFor(() => expect(port.posted).toEqual([expect.objectContaining({ type: 'tab-share/waiting' })]));
    expect(tabShare.status()).toEqual({ waiting: true, roomTitle: 'Call', roomOrigin: 'http://localhost:3000', roomTabId: 5 });
    port.closeFromPage();
    await vi.waitFor(() => expect(tabShare.status().waiting).toBe(false));
  });

  it('pages that are not rooms (another local port) get no answer and no channel', async () => {
    const notRoom = async (origin: string) => origin === 'http://localhost:4000';
    await expect(
      answerRoomMessage({ type: 'hello', protocol: 1 }, 'http://localhost:3000', { isSignedIn: async () => true, isRoom: notRoom }),
    ).resolves.toBeUndefined();
    const tabShare = createTabShareService({ getMediaStreamId: async () => 'id' });
    const port = fakePort('tab-share', 5);
    acceptTabSharePort(asPort(port), tabShare, notRoom);
    port.fromPage({ type: 'tab-share/request', roomTitle: 'Call' });
    await vi.waitFor(() => expect(port.disconnected).toBe(true));
    expect(port.posted).toEqual([]);
    expect(tabShare.status().waiting).toBe(false);
  });

  it('refuses ports with another name or without a tab', () => {
    const tabShare = createTabShareService({ getMediaStreamId: async () => 'id' });
    const other = fakePort('something-else', 5);
    const noTab = fakePort('tab-share', undefined);
    acceptTabSharePort(asPort(other), tabShare, isRoom);
    acceptTabSharePort(asPort(noTab), tabShare, isRoom);
    expect(other.disconnected && noTab.disconnected).toBe(true);
  });
});
