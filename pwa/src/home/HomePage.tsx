import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { MeetingListSchema, MeetingSchema, type Meeting } from '../../../shared/api/meetings';
import { apiRequest, ApiClientError } from '../api/api-client';

function defaultStart(): string {
  const d = new Date(Date.now() + 5 * 60_000);
  d.setSeconds(0, 0);
  const local = new Date(d.getTime() - d.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

/** Start page: the meetings, a form to create one, and Enter call on each. */
export function HomePage({ navigate }: { navigate: (path: string) => void }) {
  const meetings = useSignal<Meeting[] | null>(null);
  const error = useSignal<string | null>(null);
  const title = useSignal('');
  const start = useSignal(defaultStart());
  const duration = useSignal(30);
  const busy = useSignal(false);

  useEffect(() => {
    apiRequest('GET', '/api/meetings', MeetingListSchema)
      .then((list) => (meetings.value = list.meetings))
      .catch((e: ApiClientError) => (error.value = e.message));
  }, []);

  async function create(event: Event) {
    event.preventDefault();
    busy.value = true;
    error.value = null;
    try {
      const meeting = await apiRequest('POST', '/api/meetings', MeetingSchema, {
        body: { title: title.value, startsAt: new Date(start.value).toISOString(), durationMinutes: Number(duration.value) },
      });
      navigate(`/m/${meeting.id}`);
    } catch (e) {
      error.value = (e as Error).message;
    } finally {
      busy.value = false;
    }
  }

  return (
    <main class="page home">
      <h1>Meetings</h1>
      <form class="card form" onSubmit={create}>
        <h2>New meeting</h2>
        <label>
          Title
          <input required maxLength={200} value={title.value} onInput={(e) => (title.value = e.currentTarget.value)} />
        </label>
        <label>
          Starts
          <input type="datetime-local" required value={start.value} onInput={(e) => (start.value = e.currentTarget.value)} />
        </label>
        <label>
          Minutes
          <input type="number" min={1} max={1440} required value={duration.value} onInput={(e) => (duration.value = Number(e.currentTarget.value))} />
        </label>
        <button class="button button--primary" type="submit" disabled={busy.value}>
          Create meeting
        </button>
        {error.value && <p class="form-error" role="alert">{error.value}</p>}
      </form>
      <section class="card">
        <h2>Upcoming</h2>
        {meetings.value === null ? (
          <p>Loading…</p>
        ) : meetings.value.length === 0 ? (
          <p>No meetings yet.</p>
        ) : (
          <ul class="meeting-list">
            {meetings.value.map((m) => (
              <li key={m.id}>
                <span>
                  <strong>{m.title}</strong> · {new Date(m.startsAt).toLocaleString()} · {m.durationMinutes} min
                </span>
                <a class="button button--primary" href={`/m/${m.id}`}>
                  Enter call
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
