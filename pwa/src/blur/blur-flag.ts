import { BLUR_RUNTIMES, type RuntimeRequest } from './blur-protocol';

/** The meeting's feature switches, as `MeetingPublicInfo` carries them (the plain `Meeting` does not yet). */
interface MaybeFeatures {
  features?: { backgroundBlur?: boolean };
}

/**
 * Whether the blur toggle is offered: when the host's account has the "Background blur (beta)"
 * flag (`MeetingPublicInfo.features.backgroundBlur`, which guests get too).
 * Development override: `?beta=blur` in the page URL offers it regardless. It only shows the
 * toggle (blur runs entirely in this browser), so it grants nothing a guest could not do anyway.
 */
export function blurOffered(meeting: object | null | undefined, search: string = location.search): boolean {
  return (meeting as MaybeFeatures | null | undefined)?.features?.backgroundBlur === true || devOverrides(search).offer;
}

/** Development switches read from the page URL: `beta=blur`, `blur-runtime=cpu|gl|probe`, `blur-debug`. */
export function devOverrides(search: string) {
  const params = new URLSearchParams(search);
  const runtime = params.get('blur-runtime');
  return {
    offer: params.getAll('beta').some((v) => v.split(',').includes('blur')),
    runtime: runtime === 'probe' || BLUR_RUNTIMES.some((r) => r === runtime) ? (runtime as RuntimeRequest) : null,
    /** Exposes the blur state as `window.blurDebug` (benchmarks read its stats). */
    debug: params.has('blur-debug'),
  };
}
