import { BLUR_RUNTIMES, type RuntimeRequest } from './blur-protocol.ts';

/**
 * Whether the blur toggle is offered: when the host's account has the "Background blur (beta)"
 * flag (`MeetingPublicInfo.features.backgroundBlur`, which the host's guests get too).
 */
export function blurOffered(meeting: { features?: { backgroundBlur?: boolean } } | null | undefined): boolean {
  return meeting?.features?.backgroundBlur === true;
}

/** A support switch read from the page URL: `blur-runtime=cpu|gl|probe` forces a segmentation runtime. */
export function devOverrides(search: string) {
  const runtime = new URLSearchParams(search).get('blur-runtime');
  return { runtime: runtime === 'probe' || BLUR_RUNTIMES.some((r) => r === runtime) ? (runtime as RuntimeRequest) : null };
}
