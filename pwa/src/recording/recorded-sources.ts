import { t } from '../i18n/i18n.ts';
import { computed, type ReadonlySignal } from '@preact/signals';
import type { Participant } from '../../../shared/api/participants.ts';
import '../i18n/later-texts.ts';

/** One picture in the recording: someone's camera (or their name when it is off), or the shared screen. */
export interface RecordedPicture {
  key: string;
  name: string;
  kind: 'camera' | 'screen';
  /** Null when there is nothing to show (camera off, not arrived yet): the name is drawn instead. */
  track: MediaStreamTrack | null;
}

/** What the recording reads from the call (signals, so the layout follows joins, leaves, mutes and shares). */
export interface RecordingInputs {
  selfId: ReadonlySignal<string | null>;
  participants: ReadonlySignal<Participant[]>;
  remoteStreams: ReadonlySignal<ReadonlyMap<string, MediaStream>>;
  remoteScreens: ReadonlySignal<ReadonlyMap<string, MediaStream>>;
  ownScreen: ReadonlySignal<MediaStream | null>;
  /** Our camera as the others get it (blurred when blur is on). */
  ownVideo: ReadonlySignal<MediaStreamTrack | null>;
  ownVideoOff: ReadonlySignal<boolean>;
  /** Our microphone as sent (disabled while muted, so it records silence). */
  ownAudio: ReadonlySignal<MediaStreamTrack | null>;
}

const liveVideo = (stream: MediaStream | null | undefined) => stream?.getVideoTracks().find((t) => t.readyState === 'live') ?? null;

/**
 * The pictures and sounds of the call as the recording sees them: the shared screen (ours
 * or someone's) first, then our camera, then everyone else's in the order they came;
 * every microphone and the shared screen's sound.
 */
export function recordedSources(input: RecordingInputs) {
  const pictures = computed<RecordedPicture[]>(() => {
    const selfId = input.selfId.value;
    const people = input.participants.value;
    const self = people.find((p) => p.id === selfId);
    const ordered = self ? [self, ...people.filter((p) => p !== self)] : people;
    const sharer = people.find((p) => p.screenSharing);
    const screenStream = sharer
      ? sharer.id === selfId
        ? input.ownScreen.value
        : input.remoteScreens.value.get(sharer.id)
      : input.ownScreen.value;
    const screen: RecordedPicture[] = screenStream
      ? [
          {
            key: `screen:${sharer?.id ?? selfId}`,
            name: t('recording.screenOf', { name: sharer?.name ?? self?.name ?? t('recording.shared') }),
            kind: 'screen',
            track: liveVideo(screenStream),
          },
        ]
      : [];
    const cameras = ordered.map((p): RecordedPicture => {
      const own = p.id === selfId;
      const off = own ? input.ownVideoOff.value : p.videoMuted;
      const track = off ? null : own ? input.ownVideo.value : liveVideo(input.remoteStreams.value.get(p.id));
      return { key: p.id, name: p.name, kind: 'camera', track };
    });
    return [...screen, ...cameras];
  });

  const audio = computed<MediaStreamTrack[]>(() => {
    const tracks: (MediaStreamTrack | null | undefined)[] = [input.ownAudio.value];
    for (const stream of input.remoteStreams.value.values()) tracks.push(...stream.getAudioTracks());
    for (const stream of input.remoteScreens.value.values()) tracks.push(...stream.getAudioTracks());
    tracks.push(...(input.ownScreen.value?.getAudioTracks() ?? []));
    return [...new Set(tracks.filter((t): t is MediaStreamTrack => Boolean(t) && t!.readyState === 'live'))];
  });

  return { pictures, audio };
}
