import { effect, type ReadonlySignal } from '@preact/signals';
import { audioContext } from '../media/audio-level.ts';
import { syncKeyed } from './sync-keyed.ts';

/**
 * Everyone's sound as one track (Web Audio): a source per track in `tracks`, all summed
 * into one MediaStream destination, kept in step as people come and go. A muted
 * microphone is a disabled track, which Web Audio hears as silence.
 */
export function mixAudio(tracks: ReadonlySignal<MediaStreamTrack[]>, ctx: AudioContext = audioContext()) {
  const destination = ctx.createMediaStreamDestination();
  const sources = new Map<MediaStreamTrack, MediaStreamAudioSourceNode>();
  const stop = effect(() =>
    syncKeyed(
      sources,
      new Set(tracks.value),
      (track) => {
        const source = ctx.createMediaStreamSource(new MediaStream([track]));
        source.connect(destination);
        return source;
      },
      (source) => source.disconnect(),
    ),
  );
  const track = destination.stream.getAudioTracks()[0];
  if (!track) throw new Error('this browser cannot mix audio');
  return {
    track,
    dispose() {
      stop();
      for (const source of sources.values()) source.disconnect();
      sources.clear();
      track.stop();
    },
  };
}
