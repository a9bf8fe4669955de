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
