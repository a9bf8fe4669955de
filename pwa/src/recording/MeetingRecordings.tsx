import { i18n, t } from '../i18n/i18n.ts';
import { useSignal } from '@preact/signals';
import { formatDuration, RecordingSource, RecordingState, type Recording } from '../../../shared/api/recordings.ts';
import { recordingFileUrl, type RecordingsList } from './create-recordings-list.ts';
import './recording-controls.css';
import '../i18n/later-texts.ts';

const sizeText = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${i18n.formatNumber(bytes / 1024 / 1024, { minimumFractionDigits: 1, maximumFractionDigits: 1 })} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/** A meeting's recordings in the overview: when, how long, how big; play inline, download, delete. */
export function MeetingRecordings({ meetingId, list }: { meetingId: string; list: RecordingsList }) {
  const recordings = list.byMeeting.value.get(meetingId);
  if (!recordings?.length) return null;
  return (
    <section class="recordings" aria-label={t('recording.list')}>
      <h3>{t('recording.list')}</h3>
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
  const when = i18n.formatDate(new Date(r.startedAt), { dateStyle: 'medium', timeStyle: 'short' });
  const ready = r.state === RecordingState.Ready;
  const status = {
    [RecordingState.Ready]: () => formatDuration(r.durationMs),
    [RecordingState.Recording]: () => t('recording.now'),
    [RecordingState.Processing]: () => t('recording.processing'),
    [RecordingState.Failed]: () => t('recording.failed', { reason: r.error ?? '' }),
  }[r.state]();
  const deletable = ready || r.state === RecordingState.Failed;
  return (
    <li class="recording" data-recording-id={r.id} data-source={r.source} data-state={r.state}>
      <span class="recording__facts">
        <time dateTime={r.startedAt}>{when}</time> · {status}
        {(ready || r.size > 0) && ` · ${sizeText(r.size)}`}
        {r.source === RecordingSource.Server && ` · ${t('recording.fromServer')}`}
      </span>
      {deletable && (
        <span class="recording__actions">
          {ready && (
            <>
              <button
                type="button"
                class="button button--small"
                aria-expanded={playing.value}
                onClick={() => (playing.value = !playing.value)}
              >
                {playing.value ? t('common.close') : t('recording.play')}
              </button>
              <a class="button button--small" href={recordingFileUrl(r, true)} download data-action="download-recording">
                {t('recording.download')}
              </a>
            </>
          )}
          <button
            type="button"
            class="button button--small button--danger"
            aria-label={t('recording.deleteLabel', { when })}
            onClick={() => {
              if (confirm(t('recording.deleteConfirm', { when }))) void list.remove(r);
            }}
          >
            {t('recording.delete')}
          </button>
        </span>
      )}
      {/* biome-ignore lint/a11y/useMediaCaption: a recorded call has no captions to offer */}
      {playing.value && <video src={recordingFileUrl(r)} controls autoplay preload="metadata" aria-label={t('recording.of', { when })} />}
    </li>
  );
}
