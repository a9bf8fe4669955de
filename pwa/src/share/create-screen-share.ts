import { t } from '../i18n/i18n.ts';
import { signal, type ReadonlySignal } from '@preact/signals';

export interface ScreenShareDeps {
  /** Sends our screen to everyone in the call now, and to everyone who joins while we share. */
  publish(stream: MediaStream): void;
  unpublish(): void;
  /** Tells the room (one share at a time: the room answers by updating everyone's state). */
  announce(active: boolean): void;
}

/** Display-media options: screen, window or Chrome tab, with the tab's sound where offered. */
export const DISPLAY_MEDIA_OPTIONS = {
  video: { frameRate: { ideal: 15, max: 30 }, width: { max: 1920 }, height: { max: 1080 } },
  audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
  selfBrowserSurface: 'exclude',
  surfaceSwitching: 'include',
  systemAudio: 'include',
} as DisplayMediaStreamOptions;

/**
 * This page's screen share: asks the browser's picker (or takes a stream from elsewhere,
 * e.g. a tab handed over by our extension), publishes it, and stops cleanly whichever way
 * it ends: our Stop button, the browser's own stop bar (the track ends), someone else
 * taking over, or leaving.
 */
export function createScreenShare(deps: ScreenShareDeps) {
  const stream = signal<MediaStream | null>(null);
  const error = signal<string | null>(null);
  const notice = signal<string | null>(null);

  function stop(reason: 'user' | 'ended' | 'taken-over' | 'left' = 'user') {
    const current = stream.value;
    if (!current) return;
    stream.value = null;
    for (const track of current.getTracks()) track.stop();
    deps.unpublish();
    if (reason !== 'taken-over' && reason !== 'left') deps.announce(false);
    notice.value = reason === 'taken-over' ? t('share.takenOver') : null;
  }

  function use(next: MediaStream) {
    if (stream.value) stop('user');
    error.value = null;
    notice.value = null;
    stream.value = next;
    next.getVideoTracks()[0]?.addEventListener('ended', () => stream.value === next && stop('ended'), { once: true });
    deps.announce(true);
    deps.publish(next);
  }

  return {
    stream: stream as ReadonlySignal<MediaStream | null>,
    error: error as ReadonlySignal<string | null>,
    notice: notice as ReadonlySignal<string | null>,
    /** Opens the browser's picker (entire screen, a window, or a tab) and shares the choice. */
    async start(): Promise<void> {
      if (!navigator.mediaDevices?.getDisplayMedia) {
        error.value = t('share.unsupported');
        return;
      }
      try {
        use(await navigator.mediaDevices.getDisplayMedia(DISPLAY_MEDIA_OPTIONS));
      } catch (e) {
        const name = (e as Error).name;
        // Closing the picker is not an error.
        error.value = name === 'NotAllowedError' || name === 'AbortError' ? null : t('share.failed', { reason: (e as Error).message });
      }
    },
    /** Shares a stream obtained another way (the extension's tab capture). */
    use,
    stop,
    dismissNotice: () => void (notice.value = null),
  };
}

export type ScreenShare = ReturnType<typeof createScreenShare>;
