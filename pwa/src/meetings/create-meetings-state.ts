import { computed, signal } from '@preact/signals';
import { MeetingListSchema, MeetingSchema, type CreateMeetingBody, type Meeting } from '../../../shared/api/meetings.ts';
import { apiRequest } from '../api/api-client.ts';

const endOf = (m: Meeting) => new Date(m.startsAt).getTime() + m.durationMinutes * 60_000;

/** The signed-in user's meetings, split into upcoming (including running) and past. */
export function createMeetingsState(now: () => number = Date.now) {
  const meetings = signal<Meeting[] | null>(null);
  const error = signal<string | null>(null);
  const upcoming = computed(() => (meetings.value ?? []).filter((m) => endOf(m) >= now()));
  const past = computed(() => (meetings.value ?? []).filter((m) => endOf(m) < now()).reverse());

  const sorted = (list: Meeting[]) => [...list].sort((a, b) => a.startsAt.localeCompare(b.startsAt));

  return {
    meetings,
    upcoming,
    past,
    error,
    async load() {
      try {
        meetings.value = (await apiRequest('GET', '/api/meetings', MeetingListSchema)).meetings;
        error.value = null;
      } catch (e) {
        error.value = (e as Error).message;
      }
    },
    async create(body: CreateMeetingBody): Promise<Meeting> {
      const meeting = await apiRequest('POST', '/api/meetings', MeetingSchema, { body });
      meetings.value = sorted([...(meetings.value ?? []), meeting]);
      return meeting;
    },
    async update(id: string, body: Partial<CreateMeetingBody>) {
      const meeting = await apiRequest('PATCH', `/api/meetings/${id}`, MeetingSchema, { body });
      meetings.value = sorted((meetings.value ?? []).map((m) => (m.id === id ? meeting : m)));
    },
    async remove(id: string) {
      await apiRequest('DELETE', `/api/meetings/${id}`);
      meetings.value = (meetings.value ?? []).filter((m) => m.id !== id);
    },
  };
}

export type MeetingsState = ReturnType<typeof createMeetingsState>;

/** ISO string → `datetime-local` value in the browser's zone (the way back: `fromLocalInput` in meeting-form-check.ts). */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}
