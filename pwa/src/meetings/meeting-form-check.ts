import { t } from '../i18n/i18n.ts';
import '../i18n/later-texts.ts';
/** A field of the meeting form that is not right, and what to say about it (naming the field). */
export interface FormProblem {
  field: 'title' | 'startsAt' | 'durationMinutes';
  message: string;
}

export interface MeetingFormValues {
  title: string;
  /** The `datetime-local` value, in the browser's zone. */
  start: string;
  duration: number;
}

/** The `datetime-local` value as an ISO string, or null when it is not a date and time we can use (empty, half typed, year 20266). */
export function fromLocalInput(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const year = date.getFullYear();
  return year >= 2000 && year <= 9999 ? date.toISOString() : null;
}

/** The first problem with what the host typed, checked before anything is sent. */
export function checkMeetingForm(values: MeetingFormValues): FormProblem | null {
  if (!values.title.trim()) return { field: 'title', message: t('meetingForm.problem.title') };
  if (fromLocalInput(values.start) === null) return { field: 'startsAt', message: t('meetingForm.problem.startsAt') };
  if (!Number.isInteger(values.duration) || values.duration < 1 || values.duration > 1440)
    return { field: 'durationMinutes', message: t('meetingForm.problem.durationMinutes') };
  return null;
}
