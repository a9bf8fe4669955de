import { whenIdle } from '../app/when-idle.ts';
import { createSpareAnswer, type SpareAnswer } from './spare-answer.ts';
import { createWarmOffer, type WarmOffer } from './warm-offer.ts';

/** How long after the last call we answered (or `keepSpare`) the next one's connection is made, in an idle moment. */
export const SPARE_DELAY_MS = 1_000;

export interface MadeAheadOptions {
  /** The RTC settings of a connection made now (the ICE servers of the moment). */
  config: () => RTCConfiguration;
  /** The stream we send now. */
  stream: () => MediaStream;
  /** Makes the offer of our first camera call ahead of it (warm-offer.ts); a test passes a fake. */
  warmOffer?: (config: RTCConfiguration, stream: MediaStream) => WarmOffer;
  /** Makes the connection for the next call we answer ahead of it (spare-answer.ts); a test passes a fake. */
  spareAnswer?: (config: RTCConfiguration, stream: MediaStream) => SpareAnswer;
}

/**
 * The connections a page makes before the calls they are for, which PeerJS's Negotiator takes
 * (pwa/build/peerjs-media-only.ts): the offer of the first camera call it places (a guest's join,
 * while its request is out: warm-offer.ts) and the connection for the next call it answers (kept
 * once the page is in the call, remade in an idle moment after each: spare-answer.ts). Each is
 * made with the RTC settings and the stream of that moment; one made with ICE servers since
 * replaced is let go (`renew`). Framework-free.
 */
export function createMadeAhead(options: MadeAheadOptions) {
  let warm: WarmOffer | null = null;
  let spare: SpareAnswer | null = null;
  let keepingSpare = false;
  let spareTimer: ReturnType<typeof setTimeout> | null = null;
  let disposed = false;

  function make<T>(what: string, maker: ((config: RTCConfiguration, stream: MediaStream) => T) | null): T | null {
    if (!maker) return null;
    try {
      return maker(options.config(), options.stream());
    } catch (error) {
      console.warn(`could not make ${what} ahead:`, error);
      return null;
    }
  }

  /** The next spare is made a moment after the last one went, when the page is idle (not in a join's milliseconds). */
  function scheduleSpare() {
    if (!keepingSpare || disposed || spare || spareTimer) return;
    spareTimer = setTimeout(() => whenIdle(makeSpare, { timeoutMs: 1_000, fallbackMs: 0 }), SPARE_DELAY_MS);
  }

  function makeSpare() {
    spareTimer = null;
    if (!keepingSpare || disposed || spare) return;
    spare = make('a connection', options.spareAnswer ?? (typeof RTCPeerConnection === 'function' ? createSpareAnswer : null));
  }

  function coolDown() {
    warm?.close();
    warm = null;
  }

  function dropSpare() {
    spare?.close();
    spare = null;
    if (spareTimer) clearTimeout(spareTimer);
    spareTimer = null;
  }

  return {
    /** Makes the offer of the first camera call we will place, once, with the tracks we send now. */
    warmUp() {
      if (disposed || warm) return;
      warm = make('an offer', options.warmOffer ?? (typeof RTCPeerConnection === 'function' ? createWarmOffer : null));
    },
    /** The offer made ahead, for a call placed now (its caller closes it if PeerJS did not take it). */
    takeWarm(): WarmOffer | null {
      const taken = warm;
      warm = null;
      return taken;
    },
    /** Closes the offer made ahead, unless a call took it. */
    coolDown,
    /** From now on a connection is kept made ahead for the next camera call we answer (or, `false`, no longer). */
    keepSpare(keep = true) {
      keepingSpare = keep;
      if (keep) scheduleSpare();
      else dropSpare();
    },
    /**
     * The connection made ahead, for a call answered now (its caller closes it if PeerJS did not
     * take it); the next one is made a moment later.
     */
    takeSpare(): SpareAnswer | null {
      const taken = spare;
      spare = null;
      scheduleSpare();
      return taken;
    },
    /** The track we send of that kind changed (a device switched, blur): the spare sends it too. */
    replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack) {
      spare?.replaceTrack(kind, track);
    },
    /** New ICE servers: what was made with the old ones goes (the spare is made again). */
    renew() {
      coolDown();
      dropSpare();
      scheduleSpare();
    },
    dispose() {
      disposed = true;
      coolDown();
      dropSpare();
    },
  };
}
