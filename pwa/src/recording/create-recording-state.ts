import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { MeetingPublicInfo } from '../../../shared/api/invites.ts';
import type { RoomRecording } from '../../../shared/api/recordings.ts';
import type { Call } from '../call/create-call.ts';
import type { LocalMedia } from '../media/local-media.ts';
import type { Recorder } from './create-recorder.ts';
import type { HostRecorderDeps } from './host-recorder.ts';
import { recordingSupported } from './recording-support.ts';

export interface RecordingStateDeps {
  info: MeetingPublicInfo;
  call: Call;
  media: LocalMedia;
  /** Tests and the bench may pass a smaller picture or another chunk length. */
  recorder?: HostRecorderDeps['options'];
}

/**
 * Recording as one page sees it: whether the room is being recorded (everyone: the red
 * indicator, from the room channel, so late joiners see it too) and, for a host whose
 * account has the add-on, the recorder behind Start/Stop.
 */
export function createRecordingState({ info, call, media, recorder: options = {} }: RecordingStateDeps) {
  const active = signal<RoomRecording | null>(null);
  const now = signal(Date.now());
  const canRecord = info.isHost && info.features.recording && recordingSupported();
  // The recorder (composing, encoding, uploading, and what it records) loads only for a host who can record.
  const recorderSignal = signal<Recorder | null>(null);
  let disposed = false;
  const recorderReady: Promise<Recorder | null> = canRecord
    ? import('./host-recorder.ts').then(({ createHostRecorder }) => {
        if (disposed) return null;
        recorderSignal.value = createHostRecorder({ info, call, media, active, options });
        return recorderSignal.value;
      })
    : Promise.resolve(null);

  const unsubscribe = call.subscribe((event) => {
    if (event.type === 'recording-state') active.value = event.recording;
    if (event.type !== 'welcome') return;
    active.value = event.recording ?? null;
    // Our page started this recording before a reload: its recorder is gone, so finish it with what arrived.
    const orphan = event.recording?.recorderId === event.participantId ? event.recording.id : null;
    if (orphan)
      void recorderReady.then((recorder) => {
        if (recorder?.phase.value === 'idle') void recorder.finishOrphan(orphan);
      });
  });

  const clock = effect(() => {
    if (!active.value) return;
    const timer = setInterval(() => (now.value = Date.now()), 1000);
    return () => clearInterval(timer);
  });

  return {
    /** The recording running in this room, seen by everyone. */
    active: active as ReadonlySignal<RoomRecording | null>,
    elapsedMs: computed(() => (active.value ? Math.max(0, now.value - Date.parse(active.value.startedAt)) : 0)),
    /** This page may start and stop recordings (host, add-on on, a browser that can). */
    canRecord,
    /** Host with the add-on but a browser that cannot record. */
    unsupported: info.isHost && info.features.recording && !canRecord,
    /** The recorder once loaded (a host who can record), else null. */
    recorder: recorderSignal as ReadonlySignal<Recorder | null>,
    dispose() {
      disposed = true;
      unsubscribe();
      clock();
      recorderSignal.value?.dispose();
    },
  };
}

export type RecordingState = ReturnType<typeof createRecordingState>;
