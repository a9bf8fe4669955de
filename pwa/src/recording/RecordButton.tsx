import { i18n, t } from '../i18n/i18n.ts';
import type { RecordingState } from './create-recording-state.ts';
import './recording-controls.css';
import '../i18n/later-texts.ts';

const mb = (bytes: number) => `${i18n.formatNumber(bytes / 1024 / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB`;

/** The host's Start/Stop recording control (in the toolbar); nothing for anyone else. */
export function RecordButton({ recording }: { recording: RecordingState }) {
  const recorder = recording.recorder.value;
  if (recording.unsupported) {
    return (
      <button type="button" class="control" disabled title={t('recording.unsupported')} data-action="record">
        {t('recording.record')}
      </button>
    );
  }
  if (!recorder) return null;
  const phase = recorder.phase.value;
  const on = phase === 'recording' || phase === 'stopping';
  return (
    <button
      type="button"
      class={`control${on ? ' control--recording' : ''}`}
      aria-pressed={on}
      disabled={phase === 'starting' || phase === 'stopping'}
      data-action="record"
      data-phase={phase}
      data-last-recorded-ms={recorder.lastDurationMs.value ?? undefined}
      onClick={() => void (on ? recorder.stop() : recorder.start())}
    >
      {phase === 'starting'
        ? t('recording.starting')
        : phase === 'stopping'
          ? t('recording.saving')
          : on
            ? t('recording.stop')
            : t('recording.record')}
    </button>
  );
}

/** Upload progress of the host's recording, and what went wrong, above the toolbar. */
export function RecordingProgress({ recording }: { recording: RecordingState }) {
  const recorder = recording.recorder.value;
  if (!recorder) return null;
  const uploader = recorder.uploader.value;
  const phase = recorder.phase.value;
  const error = recorder.error.value;
  if (error) {
    return (
      <p class="room__notice" role="alert" data-testid="recording-error">
        {error}{' '}
        <button type="button" class="button button--small" onClick={recorder.dismissError}>
          {t('common.ok')}
        </button>
      </p>
    );
  }
  if (!uploader || (phase !== 'recording' && phase !== 'stopping')) return null;
  const pending = uploader.pendingChunks.value;
  const behind = uploader.failures.value > 0;
  return (
    <p
      class={`rec-progress${behind ? ' rec-progress--behind' : ''}`}
      role="status"
      data-testid="recording-progress"
      data-uploaded-chunks={uploader.uploadedChunks.value}
      data-uploaded-bytes={uploader.uploadedBytes.value}
    >
      <span>{t('recording.uploaded', { size: mb(uploader.uploadedBytes.value) })}</span>
      {pending > 1 && <span>{t('recording.partsWaiting', { count: pending })}</span>}
      {behind && <span>{t('recording.retrying')}</span>}
      {phase === 'stopping' && <span>{t('recording.savingRecording')}</span>}
    </p>
  );
}
