import { t } from '../i18n/i18n.ts';
import { useSignal } from '@preact/signals';
import { MEETING_MEDIA_MODES, type CreateMeetingBody, type Meeting, type MeetingMediaMode } from '../../../shared/api/meetings.ts';
import { toLocalInput } from './create-meetings-state.ts';
import { checkMeetingForm, fromLocalInput, type FormProblem } from './meeting-form-check.ts';
import '../i18n/later-texts.ts';

function inFiveMinutes(): string {
  const d = new Date(Date.now() + 5 * 60_000);
  d.setSeconds(0, 0);
  return d.toISOString();
}

/** Create or edit a meeting: title, start, duration, waiting room, how larger calls travel. */
export function MeetingForm({
  meeting,
  onSubmit,
  onCancel,
  submitLabel,
}: {
  meeting?: Meeting;
  onSubmit: (body: CreateMeetingBody) => Promise<unknown>;
  onCancel?: () => void;
  submitLabel: string;
}) {
  const title = useSignal(meeting?.title ?? '');
  const start = useSignal(toLocalInput(meeting?.startsAt ?? inFiveMinutes()));
  const duration = useSignal(meeting?.durationMinutes ?? 30);
  // On for new meetings: guests are external, the host lets them in.
  const waitingRoom = useSignal(meeting ? meeting.waitingRoom === true : true);
  const mediaMode = useSignal<MeetingMediaMode>(meeting?.mediaMode ?? 'auto');
  const error = useSignal<string | null>(null);
  /** The field named in `error`, marked invalid and focused. */
  const problemField = useSignal<FormProblem['field'] | null>(null);
  const busy = useSignal(false);
  const errorId = `meeting-form-error-${meeting?.id ?? 'new'}`;
  const invalid = (field: FormProblem['field']) =>
    problemField.value === field ? { 'aria-invalid': true as const, 'aria-describedby': errorId } : {};

  async function submit(event: Event) {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const problem = checkMeetingForm({ title: title.value, start: start.value, duration: duration.value });
    problemField.value = problem?.field ?? null;
    error.value = problem?.message ?? null;
    if (problem) {
      form.querySelector<HTMLElement>(`[name=${problem.field}]`)?.focus();
      return;
    }
    busy.value = true;
    try {
      await onSubmit({
        title: title.value,
        startsAt: fromLocalInput(start.value)!,
        durationMinutes: Number(duration.value),
        waitingRoom: waitingRoom.value,
        mediaMode: mediaMode.value,
      });
      if (!meeting) title.value = '';
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      busy.value = false;
    }
  }

  return (
    <form class="form meeting-form" onSubmit={submit}>
      <label>
        {t('meetingForm.title')}
        <input
          name="title"
          required
          maxLength={200}
          value={title.value}
          onInput={(e) => (title.value = e.currentTarget.value)}
          {...invalid('title')}
        />
      </label>
      <div class="form-row">
        <label>
          {t('meetingForm.starts')}
          <input
            name="startsAt"
            type="datetime-local"
            required
            value={start.value}
            onInput={(e) => (start.value = e.currentTarget.value)}
            {...invalid('startsAt')}
          />
        </label>
        <label>
          {t('meetingForm.minutes')}
          <input
            name="durationMinutes"
            type="number"
            min={1}
            max={1440}
            required
            value={duration.value}
            onInput={(e) => (duration.value = e.currentTarget.value === '' ? Number.NaN : Number(e.currentTarget.value))}
            {...invalid('durationMinutes')}
          />
        </label>
      </div>
      <label class="switch">
        <input
          name="waitingRoom"
          type="checkbox"
          checked={waitingRoom.value}
          onChange={(e) => (waitingRoom.value = e.currentTarget.checked)}
        />
        {t('meetingForm.waitingRoom')}
      </label>
      <label>
        {t('meetingForm.mediaMode')}
        <select name="mediaMode" value={mediaMode.value} onChange={(e) => (mediaMode.value = e.currentTarget.value as MeetingMediaMode)}>
          {MEETING_MEDIA_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {t(`meetingForm.mediaMode.${mode}`)}
            </option>
          ))}
        </select>
      </label>
      {error.value && (
        <p class="form-error" role="alert" id={errorId}>
          {error.value}
        </p>
      )}
      <div class="form-actions">
        <button class="button button--primary" type="submit" disabled={busy.value}>
          {submitLabel}
        </button>
        {onCancel && (
          <button class="button" type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
