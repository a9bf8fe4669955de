import { t } from '../i18n/i18n.ts';
import { computed, signal, type ReadonlySignal } from '@preact/signals';
import { loadDevicePreferences, saveDevicePreference } from './device-preferences.ts';
import { createPendingTracks } from './pending-tracks.ts';
import { createBlackVideoTrack, createPendingTrack, createSilentAudioTrack } from './placeholder-tracks.ts';

export type MediaFailure = 'permission-denied' | 'no-device' | 'device-in-use' | 'unsupported' | 'other';
export type MediaKind = 'audio' | 'video';

export interface LocalMediaError {
  kind: MediaKind | 'both';
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
const AUDIO_CONSTRAINTS: MediaTrackConstraints = { echoCancellation: true, noiseSuppression: true, autoGainControl: true };
const DEVICE_KIND = { audio: 'audioinput', video: 'videoinput' } as const;

/** The browser's media, replaceable in tests; every default is the browser's own. */
export interface LocalMediaDeps {
  /** Cameras and microphones (`navigator.mediaDevices`, read when used). */
  mediaDevices?: Pick<MediaDevices, 'getUserMedia'>;
  /** The MediaStream constructor. */
  MediaStream?: new (
    tracks?: MediaStreamTrack[],
  ) => MediaStream;
  /**
   * Tracks sent in place of a missing device: a black picture, silence; and, while a device is
   * still starting, `pending` (a cheap track that carries nothing; null: the lasting placeholder).
   */
  placeholders?: { audio(): MediaStreamTrack; video(): MediaStreamTrack; pending?(kind: MediaKind): MediaStreamTrack | null };
  /** Where the chosen devices are remembered (localStorage). */
  storage?: Storage | null;
  /** Runs a task that may wait (a pending track let go is stopped then, pending-tracks.ts). Default: the browser's idle time, 2 s at most. */
  later?: (task: () => void) => void;
}

/**
 * The camera and microphone of this page. Acquired on the pre-join screen and kept
 * through the call. Mute toggles `enabled`, so the senders never change; switching a
 * device replaces the track, and the call swaps it on every peer connection.
 */
export function createLocalMedia(deps: LocalMediaDeps = {}) {
  const mediaDevices = (): Pick<MediaDevices, 'getUserMedia'> | undefined => deps.mediaDevices ?? navigator.mediaDevices;
  const Stream = deps.MediaStream ?? MediaStream;
  const placeholders = deps.placeholders ?? {
    audio: createSilentAudioTrack,
    video: () => createBlackVideoTrack(),
    pending: createPendingTrack,
  };
  const audioTrack = signal<MediaStreamTrack | null>(null);
  const videoTrack = signal<MediaStreamTrack | null>(null);
  const audioMuted = signal(false);
  const videoMuted = signal(false);
  const errors = signal<{ audio: LocalMediaError | null; video: LocalMediaError | null }>({ audio: null, video: null });
  /** Something worth telling the user about their devices (e.g. a device was unplugged). */
  const notice = signal<string | null>(null);
  /** Kinds the user chose to go without ("join with audio only"). */
  const declined = signal<{ audio: boolean; video: boolean }>({ audio: false, video: false });
  /**
   * Replacements for the camera/microphone track on the way out (e.g. the blurred camera),
   * set by features that process media. The preview shows what is sent.
   */
  const processedVideo = signal<MediaStreamTrack | null>(null);
  const processedAudio = signal<MediaStreamTrack | null>(null);
  /** Kinds whose device is being started (`start`): until it is in or has failed, the call is sent a pending track. */
  const startingKinds = signal<Record<MediaKind, boolean>>({ audio: false, video: false });
  const starting = computed(() => startingKinds.value.audio || startingKinds.value.video);
  const pendingTracks = createPendingTracks((kind) => placeholders.pending?.(kind) ?? null, deps.later);
  let placeholderAudio: MediaStreamTrack | null = null;
  let placeholderVideo: MediaStreamTrack | null = null;
  const sendStream = new Stream();

  const previewStream = computed(() => {
    const track = processedVideo.value ?? videoTrack.value;
    return track ? new Stream([track]) : null;
  });
  /** What others should be told: muted, or no device at all. */
  const sendsNoAudio = computed(() => audioMuted.value || !audioTrack.value);
  const sendsNoVideo = computed(() => videoMuted.value || !videoTrack.value);
  /** Both errors as one, for simple messages. */
  const error = computed<LocalMediaError | null>(() => {
    const { audio, video } = errors.value;
    if (audio && video) return { ...audio, kind: 'both' };
    return audio ?? video;
  });

  const trackSignal = (kind: MediaKind) => (kind === 'audio' ? audioTrack : videoTrack);

  function constraintsFor(kind: MediaKind, deviceId?: string): MediaStreamConstraints {
    const base = kind === 'audio' ? AUDIO_CONSTRAINTS : VIDEO_CONSTRAINTS;
    const track = deviceId ? { ...base, deviceId: { exact: deviceId } } : base;
    return kind === 'audio' ? { audio: track } : { video: track };
  }

  /** Gets one kind of device: the remembered one first, falling back to the default. */
  async function acquire(kind: MediaKind, deviceId?: string): Promise<MediaStreamTrack> {
    const preferred = deviceId ?? loadDevicePreferences(deps.storage)[DEVICE_KIND[kind]];
    try {
      const stream = await mediaDevices()!.getUserMedia(constraintsFor(kind, preferred));
      return stream.getTracks()[0]!;
    } catch (error) {
      // A remembered device that is gone: use the default one instead.
      if (preferred && !deviceId && classifyMediaError(error) === 'no-device') {
        const stream = await mediaDevices()!.getUserMedia(constraintsFor(kind));
        return stream.getTracks()[0]!;
      }
      throw error;
    }
  }

  function install(kind: MediaKind, track: MediaStreamTrack | null) {
    const current = trackSignal(kind);
    if (current.value && current.value !== track) current.value.stop();
    if (track) {
      track.enabled = !(kind === 'audio' ? audioMuted.value : videoMuted.value);
      track.addEventListener('ended', () => void onEnded(kind, track), { once: true });
    }
    current.value = track;
  }

  /** A device went away (unplugged, or taken by the system): fall back to another one. */
  async function onEnded(kind: MediaKind, track: MediaStreamTrack) {
    if (trackSignal(kind).value !== track) return;
    const device = kind === 'audio' ? 'microphone' : 'camera';
    const label = track.label || t(`trouble.word.${device}`);
    try {
      install(kind, await acquire(kind, undefined));
      notice.value = t(`media.switched.${device}`, { label });
    } catch (error) {
      install(kind, null);
      setError(kind, error);
      notice.value = t(`media.noOther.${device}`, { label });
    }
  }

  function setError(kind: MediaKind, error: unknown) {
    errors.value = {
      ...errors.value,
      [kind]: error ? { kind, failure: classifyMediaError(error), message: (error as Error)?.message ?? String(error) } : null,
    };
  }

  async function startKind(kind: MediaKind) {
    try {
      install(kind, await acquire(kind));
      setError(kind, null);
    } catch (error) {
      install(kind, null);
      setError(kind, error);
    }
  }

  /** Starts one kind with the call sent a pending track meanwhile, let go once the device is in or has failed. */
  async function startKindPending(kind: MediaKind) {
    startingKinds.value = { ...startingKinds.value, [kind]: true };
    try {
      await startKind(kind);
    } finally {
      startingKinds.value = { ...startingKinds.value, [kind]: false };
      pendingTracks.letGo(kind);
    }
  }

  function outgoingTrack(kind: MediaKind): MediaStreamTrack {
    const processed = kind === 'audio' ? processedAudio.value : processedVideo.value;
    if (processed && processed.readyState === 'live') return processed;
    const real = trackSignal(kind).value;
    if (real) return real;
    if (startingKinds.value[kind]) {
      const pending = pendingTracks.get(kind);
      if (pending) return pending;
    }
    if (kind === 'audio') return (placeholderAudio ??= placeholders.audio());
    return (placeholderVideo ??= placeholders.video());
  }

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

  return {
    audioTrack: audioTrack as ReadonlySignal<MediaStreamTrack | null>,
    videoTrack: videoTrack as ReadonlySignal<MediaStreamTrack | null>,
    audioMuted: audioMuted as ReadonlySignal<boolean>,
    videoMuted: videoMuted as ReadonlySignal<boolean>,
    previewStream,
    error,
    errors: errors as ReadonlySignal<{ audio: LocalMediaError | null; video: LocalMediaError | null }>,
    notice: notice as ReadonlySignal<string | null>,
    declined: declined as ReadonlySignal<{ audio: boolean; video: boolean }>,
    starting: starting as ReadonlySignal<boolean>,
    /** Which kinds are starting now (a permission prompt open, a slow camera on its way). */
    startingKind: startingKinds as ReadonlySignal<Record<MediaKind, boolean>>,
    outgoingAudio,
    outgoingVideo,
    outgoingTrack,
    sendsNoAudio,
    sendsNoVideo,
    /** Starts camera and microphone (each on its own, so one failing does not cost the other). */
    async start(): Promise<void> {
      if (starting.value) return;
      if (!mediaDevices()?.getUserMedia) {
        const unsupported = { failure: 'unsupported' as const, message: t('media.unsupported') };
        errors.value = { audio: { kind: 'audio', ...unsupported }, video: { kind: 'video', ...unsupported } };
        return;
      }
      await Promise.all([declined.value.audio ? null : startKindPending('audio'), declined.value.video ? null : startKindPending('video')]);
    },
    /** Tries one kind again (after the user fixed a permission, closed another app…). */
    retry: (kind: MediaKind) => {
      declined.value = { ...declined.value, [kind]: false };
      return startKind(kind);
    },
    /** Goes without this kind of device (join with audio only, or without devices). */
    decline(kind: MediaKind) {
      declined.value = { ...declined.value, [kind]: true };
      if (kind === 'audio') audioMuted.value = true;
      else videoMuted.value = true;
      install(kind, null);
      setError(kind, null);
    },
    /** Switches to another camera or microphone, and remembers the choice on this device. */
    async selectDevice(kind: MediaKind, deviceId: string): Promise<void> {
      try {
        const track = await acquire(kind, deviceId);
        install(kind, track);
        setError(kind, null);
        saveDevicePreference(DEVICE_KIND[kind], deviceId, deps.storage);
        notice.value = null;
      } catch (error) {
        notice.value = t(`media.cannotUse.${kind === 'audio' ? 'microphone' : 'camera'}`, { reason: (error as Error).message });
      }
    },
    /** Front ↔ back camera on phones: the next camera in the list. */
    async switchCamera(cameraIds: string[]) {
      if (cameraIds.length < 2) return;
      const current = videoTrack.value?.getSettings().deviceId;
      const next = cameraIds[(cameraIds.indexOf(current ?? '') + 1) % cameraIds.length]!;
      await this.selectDevice('video', next);
    },
    dismissNotice: () => void (notice.value = null),
    setProcessedTrack(kind: MediaKind, track: MediaStreamTrack | null) {
      if (kind === 'audio') processedAudio.value = track;
      else processedVideo.value = track;
    },
    replaceDeviceTrack: (kind: MediaKind, track: MediaStreamTrack | null) => install(kind, track),
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
      pendingTracks.stop();
      audioTrack.value = null;
      videoTrack.value = null;
    },
  };
}

export type LocalMedia = ReturnType<typeof createLocalMedia>;
