import { t } from '../i18n/i18n.ts';
import { batch, effect, signal, type ReadonlySignal } from '@preact/signals';
import { RecordingAnswerSchema } from '../../../shared/api/recordings.ts';
import { apiRequest } from '../api/api-client.ts';
import { createChunkUploader, type ChunkUploader } from './chunk-uploader.ts';
import { composeVideo, type ComposeOptions } from './compose-video.ts';
import { mixAudio } from './mix-audio.ts';
import type { RecordedPicture } from './recorded-sources.ts';
import { MIME_TYPES } from './recording-support.ts';
import '../i18n/later-texts.ts';

export type RecorderPhase = 'idle' | 'starting' | 'recording' | 'stopping';

/** In order of preference: VP8 costs the least CPU to encode, and every recorder that does WebM does it. */

export interface RecorderDeps {
  meetingId: string;
  pictures: ReadonlySignal<RecordedPicture[]>;
  audio: ReadonlySignal<MediaStreamTrack[]>;
  /** Proves we are the host in the call (the server refuses anyone else). */
  participantHeaders: () => Record<string, string>;
  /** A chunk every this many ms: at most this much is lost when the tab dies. */
  timesliceMs?: number;
  compose?: ComposeOptions;
  /** The browser's parts, replaceable in tests: MediaRecorder and MediaStream… */
  MediaRecorder?: MediaRecorderClass;
  MediaStream?: new (tracks: MediaStreamTrack[]) => MediaStream;
  /** …the picture and the sound recorded (a canvas, Web Audio)… */
  composeVideo?: (pictures: ReadonlySignal<RecordedPicture[]>, options?: ComposeOptions) => RecordedTrack;
  mixAudio?: (tracks: ReadonlySignal<MediaStreamTrack[]>) => RecordedTrack;
  /** …and the API (start, chunks, stop). */
  fetch?: typeof fetch;
}

export interface MediaRecorderClass {
  new (stream: MediaStream, options?: MediaRecorderOptions): MediaRecorder;
  isTypeSupported(type: string): boolean;
}

/** One track fed into the recording, and how to let go of what makes it. */
interface RecordedTrack {
  track: MediaStreamTrack;
  /** Set when what makes the track broke while recording (the picture would freeze): the recording stops, saying why. */
  failure?: ReadonlySignal<string | null>;
  dispose(): void;
}

interface Running {
  id: string;
  recorder: MediaRecorder;
  uploader: ChunkUploader;
  release: () => void;
  startedAt: number;
}

/**
 * The host's recorder: composes the call into one picture, mixes its sound, records WebM
 * with MediaRecorder and uploads a chunk every second while it runs. Stop waits for the
 * last chunk and asks the server to finalise the file.
 */
export function createRecorder(deps: RecorderDeps) {
  const { meetingId, pictures, audio, participantHeaders, timesliceMs = 1000, compose, fetch } = deps;
  const makeVideo: NonNullable<RecorderDeps['composeVideo']> = deps.composeVideo ?? composeVideo;
  const makeSound = deps.mixAudio ?? mixAudio;
  const base = `/api/meetings/${encodeURIComponent(meetingId)}/recordings`;
  const phase = signal<RecorderPhase>('idle');
  const error = signal<string | null>(null);
  const recordingId = signal<string | null>(null);
  const uploader = signal<ChunkUploader | null>(null);
  /** How long the last recording ran: from `start()` to `stop()` on the MediaRecorder. */
  const lastDurationMs = signal<number | null>(null);
  let running: Running | null = null;

  async function start(): Promise<void> {
    if (phase.value !== 'idle') return;
    batch(() => {
      phase.value = 'starting';
      error.value = null;
    });
    let id: string;
    try {
      id = (await apiRequest('POST', base, RecordingAnswerSchema, { fetch, headers: participantHeaders() })).recording.id;
    } catch (e) {
      batch(() => {
        phase.value = 'idle';
        error.value = t('recording.couldNotStart', { reason: (e as Error).message });
      });
      return;
    }
    try {
      running = begin(id);
      batch(() => {
        recordingId.value = id;
        uploader.value = running!.uploader;
        phase.value = 'recording';
      });
    } catch (e) {
      await tellServerStopped(id);
      batch(() => {
        phase.value = 'idle';
        error.value = t('recording.cannotRecord', { reason: (e as Error).message });
      });
    }
  }

  function begin(id: string): Running {
    const video = makeVideo(pictures, compose);
    let sound: RecordedTrack;
    try {
      sound = makeSound(audio);
    } catch (e) {
      video.dispose();
      throw e;
    }
    const up = createChunkUploader({ url: (seq) => `${base}/${id}/chunks/${seq}`, fetch });
    const Recorder = deps.MediaRecorder ?? MediaRecorder;
    const Stream = deps.MediaStream ?? MediaStream;
    const mimeType = MIME_TYPES.find((t) => Recorder.isTypeSupported(t));
    const options = { mimeType, videoBitsPerSecond: 2_000_000, audioBitsPerSecond: 96_000, videoKeyFrameIntervalDuration: 2000 };
    const recorder = new Recorder(new Stream([video.track, sound.track]), options as MediaRecorderOptions);
    const self: Running = {
      id,
      recorder,
      uploader: up,
      startedAt: performance.now(),
      release: () => {
        stopWatch();
        video.dispose();
        sound.dispose();
      },
    };
    recorder.ondataavailable = (e) => up.push(e.data);
    recorder.onerror = () => void finish(t('recording.browserStopped'));
    // The server refused a chunk (size limit, recording ended), or the picture broke: stop here too.
    const stopWatch = effect(() => {
      const refused = up.error.value?.message ?? video.failure?.value;
      if (refused) void finish(t('recording.stopped', { reason: refused }));
    });
    // The media's timestamps run from this call ("start" fires much later, after the encoder is up).
    self.startedAt = performance.now();
    recorder.start(timesliceMs);
    return self;
  }

  async function tellServerStopped(id: string) {
    await apiRequest('POST', `${base}/${encodeURIComponent(id)}/stop`, undefined, { fetch }).catch(() => undefined);
  }

  /** Stops the recorder, uploads what is left, and has the server finalise the file. */
  async function finish(reason: string | null): Promise<void> {
    const current = running;
    if (!current || phase.value !== 'recording') return;
    phase.value = 'stopping';
    const { recorder } = current;
    lastDurationMs.value = performance.now() - current.startedAt;
    if (recorder.state !== 'inactive') {
      // The last chunk comes with "dataavailable" just before "stop".
      const stopped = new Promise((resolve) => recorder.addEventListener('stop', resolve, { once: true }));
      recorder.stop();
      await stopped;
    }
    current.release();
    let problem = reason;
    try {
      await current.uploader.drain();
    } catch (e) {
      problem ??= t('recording.endFailed', { reason: (e as Error).message });
    }
    await tellServerStopped(current.id);
    running = null;
    batch(() => {
      phase.value = 'idle';
      recordingId.value = null;
      error.value = problem;
    });
  }

  return {
    phase: phase as ReadonlySignal<RecorderPhase>,
    error: error as ReadonlySignal<string | null>,
    recordingId: recordingId as ReadonlySignal<string | null>,
    uploader: uploader as ReadonlySignal<ChunkUploader | null>,
    lastDurationMs: lastDurationMs as ReadonlySignal<number | null>,
    start,
    stop: () => finish(null),
    /** Ends a recording the room says is over (the server ended it), keeping `reason` to show. */
    abandon: (reason: string) => finish(reason),
    /** Finishes a recording this page started before a reload (its recorder is gone): the server keeps what arrived. */
    finishOrphan: (id: string) => tellServerStopped(id),
    dismissError: () => void (error.value = null),
    /** Page going away: stop at once (the server finalises when we leave the room). */
    dispose() {
      if (!running) return;
      running.recorder.ondataavailable = null;
      if (running.recorder.state !== 'inactive') running.recorder.stop();
      running.uploader.dispose();
      running.release();
      running = null;
    },
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
