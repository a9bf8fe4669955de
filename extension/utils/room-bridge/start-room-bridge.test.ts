// @vitest-environment happy-dom
import { EXTENSION_ID_ATTRIBUTE } from '@shared/extension-messages';
import { beforeEach, expect, it } from 'vitest';
import { startRoomBridge } from './start-room-bridge.ts';

beforeEach(() => document.documentElement.removeAttribute(EXTENSION_ID_ATTRIBUTE));

// happy-dom's window can move to another URL without a navigation.
const at = (origin: string) => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(`${origin}/m/abcdefgh12`);

it("announces the extension on the configured server's pages", async () => {
  at('http://localhost:3000');
  await expect(startRoomBridge(document, { extensionId: 'ext-id', serverOrigin: async () => 'http://localhost:3000' })).resolves.toBe(true);
  expect(document.documentElement.getAttribute(EXTENSION_ID_ATTRIBUTE)).toBe('ext-id');
});

it('says nothing to another local app (another port), even though the manifest pattern matches it', async () => {
  at('http://localhost:5173');
  await expect(startRoomBridge(document, { extensionId: 'ext-id', serverOrigin: async () => 'http://localhost:3000' })).resolves.toBe(
    false,
  );
  expect(document.documentElement.hasAttribute(EXTENSION_ID_ATTRIBUTE)).toBe(false);
});

it("announces on the build's room origins too", async () => {
  at('https://meet.example.com');
  const deps = { extensionId: 'ext-id', serverOrigin: async () => 'http://localhost:3000', buildOrigins: 'https://meet.example.com' };
  await expect(startRoomBridge(document, deps)).resolves.toBe(true);
});
