import { whenIdle } from '../app/when-idle.ts';

/** local-media.ts's `MediaKind` (not imported: local-media.ts imports this module). */
type MediaKind = 'audio' | 'video';

/**
 * The tracks a call is sent while a device starts (placeholder-tracks.ts `createPendingTrack`), one
 * per kind, made on first ask. Once the device is in (or has failed) its pending track is let go:
 * stopped by `later`, since stopping one takes the main thread 1–21 ms (Chromium tears its source
 * down on WebRTC's thread), which fell in the join's busiest moment.
 */
export function createPendingTracks(
  make: (kind: MediaKind) => MediaStreamTrack | null,
  later: (task: () => void) => void = (task) => void whenIdle(task, { timeoutMs: 2000, fallbackMs: 500 }),
) {
  const current: Record<MediaKind, MediaStreamTrack | null> = { audio: null, video: null };
  /** Let go, not yet stopped. */
  const lettingGo = new Set<MediaStreamTrack>();
  return {
    /** The kind's pending track (null where none can be made: the lasting placeholder is sent then). */
    get(kind: MediaKind): MediaStreamTrack | null {
      current[kind] ??= make(kind);
      return current[kind];
    },
    /** The kind's device is in or has failed: its pending track is stopped later. */
    letGo(kind: MediaKind) {
      const track = current[kind];
      current[kind] = null;
      if (!track) return;
      lettingGo.add(track);
      later(() => {
        if (lettingGo.delete(track)) track.stop();
      });
    },
    /** Stops every one now. */
    stop() {
      for (const track of [current.audio, current.video, ...lettingGo]) track?.stop();
      current.audio = current.video = null;
      lettingGo.clear();
    },
  };
}
