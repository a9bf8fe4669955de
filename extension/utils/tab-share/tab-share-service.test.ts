import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { TAB_SHARE_WAIT_MS, type TabShareExtensionMessage } from '@shared/extension-messages';
import { sendMessage } from '../messaging/protocol.ts';
import { createTabShareService, WAITING_INSTRUCTIONS, type PageChannel } from './tab-share-service.ts';
import { registerMessageHandlers } from '../background/message-handlers.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { MeetingsService } from '../meetings/meetings-service.ts';

function fakeChannel(tabId: number) {
  const posted: TabShareExtensionMessage[] = [];
  const channel: PageChannel = { tabId, origin: 'http://localhost:3000', post: (m) => void posted.push(m) };
  return { channel, posted };
}

function setup() {
  const getMediaStreamId = vi.fn(async ({ targetTabId }: { targetTabId: number; consumerTabId: number }) => `stream-for-${targetTabId}`);
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const tabShare = createTabShareService({
    getMediaStreamId,
    setTimer(fn, ms) {
      const timer = { fn, ms, cleared: false };
      timers.push(timer);
      return () => void (timer.cleared = true);
    },
  });
  // The popup talks to the service through the background's message handlers.
  registerMessageHandlers({ auth: {} as AuthService, meetings: {} as MeetingsService, tabShare });
  return { tabShare, getMediaStreamId, timers };
}

const badge = () => fakeBrowser.action.getBadgeText({});

describe('tab sharing (background)', () => {
  it('a room asks: it is told what to do, and the badge shows that a room waits', async () => {
    const { tabShare } = setup();
    const room = fakeChannel(7);
    tabShare.onPageMessage(room.channel, { type: 'tab-share/request', roomTitle: 'Customer call' });
    expect(room.posted).toEqual([{ type: 'tab-share/waiting', instructions: WAITING_INSTRUCTIONS }]);
    await vi.waitFor(async () => expect(await badge()).toBe('1'));
    expect(await sendMessage('getTabShareStatus')).toEqual({
      waiting: true,
      roomTitle: 'Customer call',
      roomOrigin: 'http://localhost:3000',
      roomTabId: 7,
    });
  });

  it('"Share this tab" in the popup hands the room a stream id for that tab, consumed by the room\'s tab', async () => {
    const { tabShare, getMediaStreamId, timers } = setup();
    const room = fakeChannel(7);
    tabShare.onPageMessage(room.channel, { type: 'tab-share/request' });
    await sendMessage('shareTab', { tabId: 12, title: 'Quarterly figures' });
    expect(getMediaStreamId).toHaveBeenCalledWith({ targetTabId: 12, consumerTabId: 7 });
    expect(room.posted.at(-1)).toEqual({ type: 'tab-share/granted', streamId: 'stream-for-12', tab: { title: 'Quarterly figures' } });
    expect(await sendMessage('getTabShareStatus')).toEqual({ waiting: false });
    await vi.waitFor(async () => expect(await badge()).toBe(''));
    expect(timers[0]!.cleared).toBe(true);
  });

  it("refuses to share the room's own tab, and keeps waiting", async () => {
    const { tabShare, getMediaStreamId } = setup();
    const room = fakeChannel(7);
    tabShare.onPageMessage(room.channel, { type: 'tab-share/request' });
    await expect(sendMessage('shareTab', { tabId: 7, title: 'Room' })).rejects.toThrow(/meeting room itself/);
    expect(getMediaStreamId).not.toHaveBeenCalled();
    expect(tabShare.status().waiting).toBe(true);
  });

  it("passes Chrome's refusal on to the popup, and keeps waiting", async () => {
    const { tabShare, getMediaStreamId } = setup();
    getMediaStreamId.mockRejectedValueOnce(new Error('Extension has not been invoked for the current page (see activeTab permission).'));
    tabShare.onPageMessage(fakeChannel(7).channel, { type: 'tab-share/request' });
    await expect(sendMessage('shareTab', { tabId: 12, title: 'x' })).rejects.toThrow(
      /Chrome did not allow sharing this tab: Extension has not been invoked/,
    );
    expect(tabShare.status().waiting).toBe(true);
  });

  it('without a waiting room there is nothing to share', async () => {
    setup();
    await expect(sendMessage('shareTab', { tabId: 12, title: 'x' })).rejects.toThrow(/No meeting room is waiting/);
  });

  it('one room at a time: a second room replaces the first, which is told', () => {
    const { tabShare } = setup();
    const first = fakeChannel(7);
    const second = fakeChannel(8);
    tabShare.onPageMessage(first.channel, { type: 'tab-share/request' });
    tabShare.onPageMessage(second.channel, { type: 'tab-share/request' });
    expect(first.posted.at(-1)).toEqual({ type: 'tab-share/cancelled', reason: 'replaced' });
    expect(tabShare.status()).toMatchObject({ waiting: true, roomTabId: 8 });
  });

  it("Cancel in the popup, the room's own cancel, its port closing, and the timeout all end the wait", async () => {
    const { tabShare, timers } = setup();
    const room = fakeChannel(7);

    tabShare.onPageMessage(room.channel, { type: 'tab-share/request' });
    await sendMessage('cancelTabShare');
    expect(room.posted.at(-1)).toEqual({ type: 'tab-share/cancelled', reason: 'user' });

    tabShare.onPageMessage(room.channel, { type: 'tab-share/request' });
    tabShare.onPageMessage(room.channel, { type: 'tab-share/cancel' });
    expect(tabShare.status().waiting).toBe(false);

    tabShare.onPageMessage(room.channel, { type: 'tab-share/request' });
    tabShare.onPageGone(room.channel);
    expect(tabShare.status().waiting).toBe(false);

    tabShare.onPageMessage(room.channel, { type: 'tab-share/request' });
    const timer = timers.at(-1)!;
    expect(timer.ms).toBe(TAB_SHARE_WAIT_MS);
    timer.fn();
    expect(room.posted.at(-1)).toEqual({ type: 'tab-share/cancelled', reason: 'timeout' });
    expect(tabShare.status().waiting).toBe(false);
    await vi.waitFor(async () => expect(await badge()).toBe(''));
  });

  it('answers a malformed message with an error, and ignores keepalives', () => {
    const { tabShare } = setup();
    const room = fakeChannel(7);
    tabShare.onPageMessage(room.channel, { type: 'keepalive' });
    expect(room.posted).toEqual([]);
    tabShare.onPageMessage(room.channel, { type: 'tab-share/request', roomTitle: 42 });
    tabShare.onPageMessage(room.channel, 'share please');
    expect(room.posted).toEqual([
      { type: 'error', code: 'bad_message', message: expect.any(String) },
      { type: 'error', code: 'bad_message', message: expect.any(String) },
    ]);
    expect(tabShare.status().waiting).toBe(false);
  });
});
