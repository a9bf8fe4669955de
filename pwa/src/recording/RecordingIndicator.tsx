import { t } from '../i18n/i18n.ts';
import { formatDuration } from '../../../shared/api/recordings.ts';
import type { RecordingState } from './create-recording-state.ts';
import './recording.css';

/** The red "recording" mark every participant sees while the call is recorded (and screen readers hear once). */
export function RecordingIndicator({ recording }: { recording: RecordingState }) {
  const active = recording.active.value;
  return (
    <span role="status" aria-live="polite">
      {active && (
        <span
          class="rec-indicator"
          data-testid="recording-indicator"
          data-recording-id={active.id}
          title={t('recording.by', { name: active.startedBy })}
        >
          <span class="rec-indicator__dot" aria-hidden="true" />
          <span class="visually-hidden">{t('recording.beingRecorded', { name: active.startedBy })}</span>
          <span aria-hidden="true">{t('recording.mark', { duration: formatDuration(recording.elapsedMs.value) })}</span>
        </span>
      )}
    </span>
  );
}
