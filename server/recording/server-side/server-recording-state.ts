import { RecordingState } from '../../../shared/api/recordings.ts';

/**
 * A server recording's life: Janus records (`recording`) until the host stops it, the meeting ends
 * or empties; then the files are post-processed (`processing`) into one WebM (`ready`), or it
 * `failed` with the reason (Janus refused, a tool failed or ran too long). Nothing leaves `ready`
 * or `failed`.
 */
export type ServerRecordingEvent = { type: 'stop' } | { type: 'processed' } | { type: 'fail'; error: string };

export function nextServerRecordingState(state: RecordingState, event: ServerRecordingEvent): RecordingState | null {
  switch (event.type) {
    case 'stop':
      return state === RecordingState.Recording ? RecordingState.Processing : null;
    case 'processed':
      return state === RecordingState.Processing ? RecordingState.Ready : null;
    case 'fail':
      return state === RecordingState.Recording || state === RecordingState.Processing ? RecordingState.Failed : null;
    default: {
      const never: never = event;
      return never;
    }
  }
}
