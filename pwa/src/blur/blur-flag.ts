import { BLUR_RUNTIMES, type RuntimeRequest } from './blur-protocol.ts';

/**
 * Whether the blur toggle is offered: when the host's account has the "Background blur (beta)"
 * flag (`MeetingPublicInfo.features.backgroundBlur`, which the host's guests get too).
 */
export function blurOffered(meeting: { features?: { backgroundBlur?: boolean } } | null | undefined): boolean {
  return meeting?.features?.backgroundBlur === true;
}

/** Development switches read from the page URL: `blur-runtime=cpu|gl|probe`, `blur-debug` (benchmarks). */
export function devOverrides(search: string) {
  const params = new URLSearchParams(search);
  const runtime = params.get('blur-runtime');
  return {
    runtime: runtime === 'probe' || BLUR_RUNTIMES.some((r) => r === runtime) ? (runtime as RuntimeRequest) : null,
    /** Exposes the blur state as `window.blurDebug` (benchmarks read its stats). */
    debug: params.has('blur-debug'),
  };
}
