import { Notice } from '../ui/Notice.tsx';

/** The host ended the meeting (for the host: they did), or a guest arrives at an ended one. */
export function MeetingEndedNotice({ isHost }: { isHost: boolean }) {
  if (isHost) {
    return (
      <Notice title="You ended the meeting for everyone">
        <p>Guests cannot enter with their links until you start the meeting again.</p>
        <p data-testid="meeting-ended">
          <a class="button button--primary" href={location.pathname}>
            Start the meeting again
          </a>{' '}
          <a class="button" href="/">
            Your meetings
          </a>
        </p>
      </Notice>
    );
  }
  return (
    <Notice title="The host ended the meeting">
      <p data-testid="meeting-ended">The call is over. You can enter again with your link when the host starts the meeting again.</p>
    </Notice>
  );
}

export function MeetingLockedNotice() {
  return (
    <Notice title="The meeting is locked" tone="error">
      <p data-testid="meeting-locked">
        The host is not letting anyone new in right now. Ask the host to unlock it, then open your link again.
      </p>
    </Notice>
  );
}

export function RemovedNotice() {
  return (
    <Notice title="The host removed you from the meeting" tone="error">
      <p data-testid="removed">
        You are no longer in the call. If this was a mistake, open your link again and ask to join: the host can let you back in.
      </p>
    </Notice>
  );
}

export function DeclinedNotice({ reason }: { reason: 'declined' | 'ended' | null }) {
  if (reason === 'ended') return <MeetingEndedNotice isHost={false} />;
  return (
    <Notice title="The host did not let you in" tone="error">
      <p data-testid="declined">
        You did not join the call, and no one saw or heard you. If you think this was a mistake, contact the host.
      </p>
    </Notice>
  );
}

export function ElsewhereNotice() {
  return (
    <Notice title="You asked to join from another tab">
      <p>This browser is already waiting in another tab or window. Carry on there.</p>
    </Notice>
  );
}
