import { signal, type ReadonlySignal } from '@preact/signals';
import { EXTENSION_ID_ATTRIBUTE, EXTENSION_READY_EVENT } from '../../../shared/extension-marker.ts';
import type { Call } from '../call/create-call.ts';
import type { MeetingExtension } from './extension-tab-share.ts';

/** The protocol with the extension loads only on a page the extension announced itself on (most guests have none). */
const tabShare = () => import('./extension-tab-share.ts');

/**
 * "Share a tab" through our Chrome extension, when it is installed: no browser picker,
 * the tab's sound included, and the share survives navigation inside that tab.
 * Without the extension nothing is offered and the room keeps the browser's picker.
 */
export function createExtensionShare(call: Call) {
  const extension = signal<MeetingExtension | null>(null);
  const waiting = signal<string | null>(null);
  const error = signal<string | null>(null);
  let abort: AbortController | null = null;

  const detect = () =>
    void tabShare()
      .then(({ detectMeetingExtension }) => detectMeetingExtension())
      .then((found) => (extension.value = found))
      .catch(() => undefined);
  if (document.documentElement.hasAttribute(EXTENSION_ID_ATTRIBUTE)) detect();
  else addEventListener(EXTENSION_READY_EVENT, detect, { once: true });

  return {
    available: extension as ReadonlySignal<MeetingExtension | null>,
    /** Instructions while the extension waits for the person to pick the tab. */
    waiting: waiting as ReadonlySignal<string | null>,
    error: error as ReadonlySignal<string | null>,
    async start(roomTitle: string) {
      const ext = extension.value;
      if (!ext || abort) return;
      abort = new AbortController();
      error.value = null;
      try {
        const { shareTabInto } = await tabShare();
        const onWaiting = (instructions: string) => (waiting.value = instructions);
        error.value = await shareTabInto(ext, { roomTitle, signal: abort.signal, onWaiting }, call.screen.use);
      } catch (e) {
        error.value = (e as Error).message; // the protocol's chunk did not load
      } finally {
        waiting.value = null;
        abort = null;
      }
    },
    cancel() {
      abort?.abort(new DOMException('cancelled', 'AbortError'));
    },
    dismissError: () => void (error.value = null),
  };
}

export type ExtensionShare = ReturnType<typeof createExtensionShare>;
