import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { createBlackVideoTrack, createSilentAudioTrack } from './placeholder-tracks';

export type MediaFailure = 'permission-denied' | 'no-device' | 'device-in-use' | 'unsupported' | 'other';

export interface LocalMediaError {
  kind: 'audio' | 'video' | 'both';
  failure: MediaFailure;
  message: string;
}

export function classifyMediaError(error: unknown): MediaFailure {
  const name = (error as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'permission-denied';
  if (name === 'NotFoundError' || name === 'DevicesNotFoundError' || name === 'OverconstrainedError') return 'no-device';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'device-in-use';
  if (name === 'TypeError') return 'unsupported';
  return 'other';
}

const VIDEO_CONSTRAINTS: MediaTrackConstraints = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 } };

/**
 * The camera and microphone of this page. Acquired once (pre-join), kept through
 * the call; mute toggles `enabled` so the senders never change.
 */
export function createLocalMedia() {
  const audioTrack = signal<MediaStreamTrack | null>(null);
  const videoTrack = signal<MediaStreamTrack | null>(null);
  const audioMuted = signal(false);
  const videoMuted = signal(false);
  const error = signal<LocalMediaError | null>(null);
  /**
   * Replacements for the camera/microphone track on the way out (e.g. the blurred camera),
   * set by features that process media. The preview keeps showing what is sent.
   */
  const processedVideo = signal<MediaStreamTrack | null>(null);
  const processedAudio = signal<MediaStreamTrack | null>(null);
  const starting = signal(false);
  let placeholderAudio: MediaStreamTrack | null = null;
  let placeholderVideo: MediaStreamTrack | null = null;
  /** The stream handed to peer connections: real tracks or placeholders. */
  const sendStream = new MediaStream();

  /** Stream for the local preview: the camera as it is sent (processed if a processor is set). */
  const previewStream = computed(() => {
    const track = processedVideo.value ?? videoTrack.value;
    return track ? new MediaStream([track]) : null;
  });

  const acquire = (constraints: MediaStreamConstraints) => navigator.mediaDevices.getUserMedia(constraints);

  async function start(): Promise<void> {
    if (starting.value) return;
    starting.value = true;
    error.value = null;
    try {
      if (!navigator.mediaDevices?.getUserMedia) {
        error.value = { kind: 'both', failure: 'unsupported', message: 'This browser cannot use a camera or microphone here.' };
        return;
      }
      let stream: MediaStream | null = null;
      try {
        stream = await acquire({ audio: true, video: VIDEO_CONSTRAINTS });
      } catch (bothError) {
        // Try each device on its own, so one broken device does not cost the other.
        const [audio, video] = await Promise.allSettled([
          acquire({ audio: true }),
          acquire({ video: VIDEO_CONSTRAINTS }),
        ]);
        const tracks = [
          ...(audio.status === 'fulfilled' && audio.value ? audio.value.getTracks() : []),
          ...(video.status === 'fulfilled' && video.value ? video.value.getTracks() : []),
        ];
        stream = tracks.length ? new MediaStream(tracks) : null;
        const failedKind = audio.status === 'rejected' && video.status === 'rejected' ? 'both' : audio.status === 'rejected' ? 'audio' : 'video';
        const reason = audio.status === 'rejected' ? audio.reason : video.status === 'rejected' ? video.reason : bothError;
        error.value = { kind: failedKind, failure: classifyMediaError(reason), message: (reason as Error)?.message ?? String(reason) };
      }
      setTracks(stream?.getAudioTracks()[0] ?? null, stream?.getVideoTracks()[0] ?? null);
    } finally {
      starting.value = false;
    }
  }

  /** The tracks to send, as signals: the call swaps them on every peer connection when they change. */
  const outgoingAudio = computed(() => {
    processedAudio.value;
    audioTrack.value;
    return outgoingTrack('audio');
  });
  const outgoingVideo = computed(() => {
    processedVideo.value;
    videoTrack.value;
    return outgoingTrack('video');
  });

  function setTracks(audio: MediaStreamTrack | null, video: MediaStreamTrack | null, only?: 'audio' | 'video') {
    if (only !== 'video' && audioTrack.value !== audio) audioTrack.value?.stop();
    if (only !== 'audio' && videoTrack.value !== video) videoTrack.value?.stop();
    audioTrack.value = audio;
    videoTrack.value = video;
    if (audio) audio.enabled = !audioMuted.value;
    if (video) video.enabled = !videoMuted.value;
  }

  function outgoingTrack(kind: 'audio' | 'video'): MediaStreamTrack {
    const processed = kind === 'audio' ? processedAudio.value : processedVideo.value;
    if (processed && processed.readyState === 'live') return processed;
    const real = kind === 'audio' ? audioTrack.value : videoTrack.value;
    if (real) return real;
    if (kind === 'audio') return (placeholderAudio ??= createSilentAudioTrack());
    return (placeholderVideo ??= createBlackVideoTrack());
  }

  return {
    audioTrack: audioTrack as ReadonlySignal<MediaStreamTrack | null>,
    videoTrack: videoTrack as ReadonlySignal<MediaStreamTrack | null>,
    audioMuted: audioMuted as ReadonlySignal<boolean>,
    videoMuted: videoMuted as ReadonlySignal<boolean>,
    previewStream,
    error: error as ReadonlySignal<LocalMediaError | null>,
    starting: starting as ReadonlySignal<boolean>,
    start,
    outgoingAudio,
    outgoingVideo,
    /** Installs (or with null removes) a processed track that is sent instead of the device's. */
    setProcessedTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null) {
      if (kind === 'audio') processedAudio.value = track;
      else processedVideo.value = track;
    },
    /** Replaces the device track of one kind (device switch); the old one is stopped. */
    replaceDeviceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null) {
      if (kind === 'audio') setTracks(track, videoTrack.value, 'audio');
      else setTracks(audioTrack.value, track, 'video');
    },
    /** The stream for peer connections: exactly one audio and one video track. */
    sendStream(): MediaStream {
      for (const kind of ['audio', 'video'] as const) {
        const want = outgoingTrack(kind);
        const have = kind === 'audio' ? sendStream.getAudioTracks() : sendStream.getVideoTracks();
        for (const t of have) if (t !== want) sendStream.removeTrack(t);
        if (!have.includes(want)) sendStream.addTrack(want);
      }
      return sendStream;
    },
    outgoingTrack,
    setAudioMuted(muted: boolean) {
      audioMuted.value = muted;
      if (audioTrack.value) audioTrack.value.enabled = !muted;
    },
    setVideoMuted(muted: boolean) {
      videoMuted.value = muted;
      if (videoTrack.value) videoTrack.value.enabled = !muted;
    },
    stop() {
      audioTrack.value?.stop();
      videoTrack.value?.stop();
      placeholderAudio?.stop();
      placeholderVideo?.stop();
      audioTrack.value = null;
      videoTrack.value = null;
    },
  };
}

export type LocalMedia = ReturnType<typeof createLocalMedia>;
