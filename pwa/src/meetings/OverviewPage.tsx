import { i18n, t } from '../i18n/i18n.ts';
import './meetings.css';
import { useSignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import type { Meeting } from '../../../shared/api/meetings.ts';
import type { SessionState } from '../account/create-session-state.ts';
import { InvitePanel } from '../invite/InvitePanel.tsx';
import { createRecordingsList, type RecordingsList } from '../recording/create-recordings-list.ts';
import { MeetingRecordings } from '../recording/MeetingRecordings.tsx';
import { createMeetingsState } from './create-meetings-state.ts';
import { MeetingForm } from './MeetingForm.tsx';
import { LanguageSwitch } from '../i18n/LanguageSwitch.tsx';
import '../i18n/later-texts.ts';

/** The signed-in user's meetings: upcoming and past, create, edit, delete, invite, Enter call. */
export function OverviewPage({ session, navigate }: { session: SessionState; navigate: (p: string) => void }) {
  const [state] = useState(() => createMeetingsState());
  const [recordings] = useState(() => createRecordingsList());
  useEffect(() => {
    void state.load();
    void recordings.load();
  }, []);
  const user = session.user.value;

  return (
    <main class="page overview">
      <header class="page-header">
        <h1>{t('meetings.yours')}</h1>
        <span class="muted">{user?.name}</span>
        <LanguageSwitch />
        {user?.operator && (
          <a class="button" href="/admin" data-action="open-admin">
            {t('admin.title')}
          </a>
        )}
        <a class="button" href="/account">
          {t('account.title')}
        </a>
        <button type="button" class="button" onClick={() => void session.signOut().then(() => navigate('/signin'))}>
          {t('account.signOut')}
        </button>
      </header>
      <section class="card">
        <h2>{t('meetings.new')}</h2>
        <MeetingForm submitLabel={t('meetings.create')} onSubmit={(body) => state.create(body)} />
      </section>
      {recordings.error.value && (
        <p class="form-error" role="alert">
          {recordings.error.value}
        </p>
      )}
      {state.error.value && (
        <p class="form-error" role="alert">
          {state.error.value}
        </p>
      )}
      <MeetingSection
        title={t('meetings.upcoming')}
        meetings={state.meetings.value === null ? null : state.upcoming.value}
        state={state}
        recordings={recordings}
        empty={t('meetings.noUpcoming')}
      />
      <MeetingSection
        title={t('meetings.past')}
        meetings={state.meetings.value === null ? null : state.past.value}
        state={state}
        recordings={recordings}
        empty={t('meetings.noPast')}
      />
    </main>
  );
}

function MeetingSection({
  title,
  meetings,
  state,
  recordings,
  empty,
}: {
  title: string;
  meetings: Meeting[] | null;
  state: ReturnType<typeof createMeetingsState>;
  recordings: RecordingsList;
  empty: string;
}) {
  return (
    <section class="card" aria-label={title}>
      <h2>{title}</h2>
      {meetings === null ? (
        <p>{t('common.loading')}</p>
      ) : meetings.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ul class="meeting-list">
          {meetings.map((m) => (
            <MeetingRow key={m.id} meeting={m} state={state} recordings={recordings} />
          ))}
        </ul>
      )}
    </section>
  );
}

function MeetingRow({
  meeting,
  state,
  recordings,
}: {
  meeting: Meeting;
  state: ReturnType<typeof createMeetingsState>;
  recordings: RecordingsList;
}) {
  const open = useSignal<'none' | 'edit' | 'invite'>('none');
  const start = new Date(meeting.startsAt);
  return (
    <li class="meeting" data-meeting-id={meeting.id}>
      <div class="meeting__summary">
        <div>
          <strong class="meeting__title">{meeting.title}</strong>
          <div class="muted">
            <time dateTime={meeting.startsAt}>{i18n.formatDate(start, { dateStyle: 'medium', timeStyle: 'short' })}</time> ·{' '}
            {t('meetings.minutes', { count: meeting.durationMinutes })}
          </div>
        </div>
        <div class="meeting__actions">
          <a class="button button--primary" href={`/m/${meeting.id}`} data-action="enter-call">
            {t('meetings.enter')}
          </a>
          <button
            type="button"
            class="button"
            aria-expanded={open.value === 'invite'}
            onClick={() => (open.value = open.value === 'invite' ? 'none' : 'invite')}
          >
            {t('room.invite')}
          </button>
          <button
            type="button"
            class="button"
            aria-expanded={open.value === 'edit'}
            onClick={() => (open.value = open.value === 'edit' ? 'none' : 'edit')}
          >
            {t('meetings.edit')}
          </button>
          <button
            type="button"
            class="button button--danger"
            aria-label={t('meetings.deleteName', { title: meeting.title })}
            onClick={() => {
              if (confirm(t('meetings.deleteConfirm', { title: meeting.title }))) void state.remove(meeting.id);
            }}
          >
            {t('recording.delete')}
          </button>
        </div>
      </div>
      {open.value === 'edit' && (
        <MeetingForm
          meeting={meeting}
          submitLabel={t('meetings.save')}
          onCancel={() => (open.value = 'none')}
          onSubmit={async (body) => {
            await state.update(meeting.id, body);
            open.value = 'none';
          }}
        />
      )}
      {open.value === 'invite' && <InvitePanel meetingId={meeting.id} />}
      <MeetingRecordings meetingId={meeting.id} list={recordings} />
    </li>
  );
}
