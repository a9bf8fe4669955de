import type { MeetingWithLink } from '@/utils/meetings/meetings-service';
import type { PopupState } from '@/utils/popup/create-popup-state';

const timeOf = (iso: string) => new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });

/** The toolbar popup. */
export function Popup({ state }: { state: PopupState }) {
  const user = state.user.value;
  return (
    <main class="popup">
      <ShareSection state={state} />
      {state.calendarNotice.value && (
        <p class="notice" data-section="calendar-health">
          {state.calendarNotice.value}
        </p>
      )}
      {user.state === 'loading' && <p class="muted">Loading…</p>}
      {user.state === 'ready' && !user.value && (
        <section>
          <p>Sign in to see today's meetings and start new ones.</p>
          <button type="button" data-action="open-options" onClick={state.openOptions}>
            Sign in
          </button>
        </section>
      )}
      {state.signedIn.value && <TodaySection state={state} />}
      {state.error.value && (
        <p role="alert" class="error">
          {state.error.value}
        </p>
      )}
    </main>
  );
}

function ShareSection({ state }: { state: PopupState }) {
  const share = state.share.value;
  if (!share.waiting) return null;
  const tab = state.activeTab.value;
  const isRoomTab = tab !== null && tab.id === share.roomTabId;
  return (
    <section class="share" data-section="tab-share">
      <h2>Share a tab</h2>
      <p>
        {share.roomTitle ? `"${share.roomTitle}"` : 'A meeting room'} on <strong>{share.roomOrigin}</strong> waits for a tab to share.
        {isRoomTab ? ' Go to the tab you want to share and click this icon there.' : ''}
      </p>
      {!isRoomTab && tab && (
        <button type="button" class="primary" data-action="share-this-tab" disabled={state.busy.value} onClick={state.shareThisTab}>
          Share this tab: {tab.title || 'untitled'}
        </button>
      )}
      <button type="button" data-action="cancel-share" disabled={state.busy.value} onClick={state.cancelShare}>
        Cancel
      </button>
    </section>
  );
}

function TodaySection({ state }: { state: PopupState }) {
  const meetings = state.meetings.value;
  return (
    <section data-section="today">
      <h2>Today</h2>
      {meetings.state === 'loading' && <p class="muted">Loading meetings…</p>}
      {meetings.state === 'error' && (
        <p role="alert" class="error">
          {meetings.message}
        </p>
      )}
      {meetings.state === 'ready' && meetings.value.length === 0 && <p class="muted">No meetings today.</p>}
      {meetings.state === 'ready' && meetings.value.length > 0 && (
        <ul class="meetings">
          {meetings.value.map((m) => (
            <MeetingRow key={m.id} meeting={m} />
          ))}
        </ul>
      )}
      <button type="button" class="primary" data-action="new-meeting-now" disabled={state.busy.value} onClick={state.newMeetingNow}>
        New meeting now
      </button>
    </section>
  );
}

function MeetingRow({ meeting }: { meeting: MeetingWithLink }) {
  return (
    <li data-meeting-id={meeting.id}>
      <span class="time">{timeOf(meeting.startsAt)}</span>
      <span class="title">{meeting.title}</span>
      {/* A link the user clicks: Chrome may open it in the installed meeting-room app. */}
      <a class="enter" href={meeting.url} target="_blank" rel="noopener" data-action="enter-call">
        Enter call
      </a>
    </li>
  );
}
