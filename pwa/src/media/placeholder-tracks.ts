/**
 * Tracks we send when there is no camera or microphone, so that every call always
 * has one audio and one video sender and a device plugged in later can be swapped
 * in with replaceTrack (no renegotiation).
 */
export function createBlackVideoTrack(width = 320, height = 240): MediaStreamTrack {
  const canvas = Object.assign(document.createElement('canvas'), { width, height });
  const ctx = canvas.getContext('2d');
  if (ctx) {
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, width, height);
  }
  const track = canvas.captureStream(1).getVideoTracks()[0];
  if (!track) throw new Error('canvas capture is not available');
  return track;
}

let silence: AudioContext | null = null;
export function createSilentAudioTrack(): MediaStreamTrack {
  silence ??= new AudioContext();
  const destination = silence.createMediaStreamDestination();
  const track = destination.stream.getAudioTracks()[0];
  if (!track) throw new Error('Web Audio is not available');
  return track;
}

type TrackGenerator = new (init: { kind: 'audio' | 'video' }) => MediaStreamTrack;

/**
 * A track to send while the camera or microphone is still starting, replaced by the real one a
 * moment later: a Chromium track generator, which carries nothing until written to and is
 * cheap to make (0.2-4.6 ms for both in Chromium 150 here). The lasting placeholders above cost a
 * canvas capture (about 4 ms) and an AudioContext (3-10 ms, 188 ms for a renderer's first), which
 * then run for the whole call: with them, a two-person call took about 6 % more of Chromium's CPU
 * (docs/benchmarks.md, the eighth session). Null where there is no generator (Firefox, Safari): the
 * lasting placeholder is sent meanwhile.
 */
export function createPendingTrack(kind: 'audio' | 'video'): MediaStreamTrack | null {
  const Generator = (globalThis as { MediaStreamTrackGenerator?: TrackGenerator }).MediaStreamTrackGenerator;
  if (!Generator) return null;
  try {
    return new Generator({ kind });
  } catch {
    return null;
  }
}
