import { browser } from 'wxt/browser';
import * as v from 'valibot';
import {
  ExtensionErrorCode,
  TAB_SHARE_WAIT_MS,
  TabShareCancelReason,
  TabSharePageMessageSchema,
  type TabShareExtensionMessage,
} from '@shared/extension-messages';

/** One room page's port, seen from the background. */
export interface PageChannel {
  /** The tab the room runs in: the consumer of the stream. */
  readonly tabId: number;
  /** The room page's origin, shown to the user who decides whether to share. */
  readonly origin: string;
  post(message: TabShareExtensionMessage): void;
}

export interface TabShareStatus {
  /** A room asked for a tab and nobody picked one yet. */
  waiting: boolean;
  roomTitle?: string;
  roomOrigin?: string;
  roomTabId?: number;
}

export interface TabShareDeps {
  /** `chrome.tabCapture.getMediaStreamId`; needs the user's click on the extension for the target tab. */
  getMediaStreamId(options: { targetTabId: number; consumerTabId: number }): Promise<string>;
  setTimer?(fn: () => void, ms: number): () => void;
}

export const WAITING_INSTRUCTIONS =
  'Go to the tab you want to share, click the Meeting room extension icon in the toolbar, then "Share this tab".';

const defaultTimer = (fn: () => void, ms: number) => {
  const id = setTimeout(fn, ms);
  return () => clearTimeout(id);
};

/**
 * Tab sharing on the extension's side: at most one room waits for a tab at a time. The badge on the
 * extension's icon shows that a room waits; the popup's "Share this tab" (the click is the gesture
 * tabCapture needs) hands that room a stream id for the tab the icon was clicked on.
 */
export function createTabShareService({ getMediaStreamId, setTimer = defaultTimer }: TabShareDeps) {
  let pending: { channel: PageChannel; roomTitle?: string; stopTimer: () => void } | null = null;

  async function setWaiting(channel: PageChannel | null) {
    await browser.action.setBadgeText({ text: channel ? '1' : '' });
    await browser.action.setTitle({ title: channel ? 'Meeting room: a room waits for a tab to share' : 'Meeting room' });
  }

  function finish(message?: TabShareExtensionMessage) {
    if (!pending) return;
    const { channel, stopTimer } = pending;
    pending = null;
    stopTimer();
    if (message) channel.post(message);
    void setWaiting(null);
  }

  function request(channel: PageChannel, roomTitle?: string) {
    finish(pending && pending.channel !== channel ? { type: 'tab-share/cancelled', reason: TabShareCancelReason.Replaced } : undefined);
    const stopTimer = setTimer(() => finish({ type: 'tab-share/cancelled', reason: TabShareCancelReason.Timeout }), TAB_SHARE_WAIT_MS);
    pending = { channel, roomTitle, stopTimer };
    void setWaiting(channel);
    channel.post({ type: 'tab-share/waiting', instructions: WAITING_INSTRUCTIONS });
  }

  return {
    /** A message on a room page's port. */
    onPageMessage(channel: PageChannel, input: unknown) {
      const parsed = v.safeParse(TabSharePageMessageSchema, input);
      if (!parsed.success) {
        channel.post({ type: 'error', code: ExtensionErrorCode.BadMessage, message: 'The extension did not understand the room.' });
        return;
      }
      const message = parsed.output;
      switch (message.type) {
        case 'tab-share/request':
          return request(channel, message.roomTitle);
        case 'tab-share/cancel':
          if (pending?.channel === channel) finish();
          return;
        case 'keepalive':
          // Its only job is to wake the service worker's idle timer.
          return;
        default:
          return assertNever(message);
      }
    },

    /** The room page closed its port (left, reloaded, closed). */
    onPageGone(channel: PageChannel) {
      if (pending?.channel === channel) finish();
    },

    status(): TabShareStatus {
      return pending
        ? { waiting: true, roomTitle: pending.roomTitle, roomOrigin: pending.channel.origin, roomTabId: pending.channel.tabId }
        : { waiting: false };
    },

    /** Hands the waiting room a stream id for `tab`. Throws with a message for the popup. */
    async shareTab(tab: { tabId: number; title: string }): Promise<void> {
      if (!pending) throw new Error('No meeting room is waiting for a tab. Click "Share a tab" in the room first.');
      const consumerTabId = pending.channel.tabId;
      if (tab.tabId === consumerTabId) {
        throw new Error(`This is the meeting room itself. ${WAITING_INSTRUCTIONS}`);
      }
      let streamId: string;
      try {
        streamId = await getMediaStreamId({ targetTabId: tab.tabId, consumerTabId });
      } catch (error) {
        throw new Error(`Chrome did not allow sharing this tab: ${(error as Error).message}`);
      }
      finish({ type: 'tab-share/granted', streamId, tab: { title: tab.title.slice(0, 500) } });
    },

    cancel() {
      finish({ type: 'tab-share/cancelled', reason: TabShareCancelReason.User });
    },
  };
}

export type TabShareService = ReturnType<typeof createTabShareService>;

function assertNever(value: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(value)}`);
}
