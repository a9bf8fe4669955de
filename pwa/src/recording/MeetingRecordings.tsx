import { useSignal } from '@preact/signals';
import { formatDuration, RecordingState, type Recording } from '../../../shared/api/recordings.ts';
import { recordingFileUrl, type RecordingsList } from './create-recordings-list.ts';
import './recording.css';

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** A meeting's recordings in the overview: when, how long, how big; play inline, download, delete. */
export function MeetingRecordings({ meetingId, list }: { meetingId: string; list: RecordingsList }) {
  const recordings = list.byMeeting.value.get(meetingId);
  if (!recordings?.length) return null;
  return (
    <section class="recordings" aria-label="Recordings">
      <h3>Recordings</h3>
      <ul>
        {recordings.map((r) => (
          <RecordingRow key={r.id} recording={r} list={list} />
        ))}
      </ul>
    </section>
  );
}

function RecordingRow({ recording: r, list }: { recording: Recording; list: RecordingsList }) {
  const playing = useSignal(false);
  const when = new Date(r.startedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
  const ready = r.state === RecordingState.Ready;
  return (
    <li class="recording" data-recording-id={r.id}>
      <span class="recording__facts">
        <time dateTime={r.startedAt}>{when}</time> · {ready ? formatDuration(r.durationMs) : 'recording now'} · {sizeText(r.size)}
      </span>
      {ready && (
        <span class="recording__actions">
          <button type="button" class="button button--small" aria-expanded={playing.value} onClick={() => (playing.value = !playing.value)}>
            {playing.value ? 'Close' : 'Play'}
          </button>
          <a class="button button--small" href={recordingFileUrl(r, true)} download data-action="download-recording">
            Download
          </a>
          <button
            type="button"
            class="button button--small button--danger"
            aria-label={`Delete the recording of ${when}`}
            onClick={() => {
              if (confirm(`Delete the recording of ${when}? This cannot be undone.`)) void list.remove(r);
            }}
          >
            Delete
          </button>
        </span>
      )}
      {/* biome-ignore lint/a11y/useMediaCaption: a recorded call has no captions to offer */}
      {playing.value && <video src={recordingFileUrl(r)} controls autoplay preload="metadata" aria-label={`Recording of ${when}`} />}
    </li>
  );
}
