import type { LocalMedia } from '../media/local-media.ts';

/** Mute or unmute; unmuting a device the user had gone without (or that failed) tries to start it. */
export function toggle(media: LocalMedia, kind: 'audio' | 'video') {
  const muted = kind === 'audio' ? media.audioMuted.value : media.videoMuted.value;
  const track = kind === 'audio' ? media.audioTrack.value : media.videoTrack.value;
  if (muted && !track) void media.retry(kind);
  if (kind === 'audio') media.setAudioMuted(!muted);
  else media.setVideoMuted(!muted);
}
