import { useSignal } from '@preact/signals';
import { useEffect, useState } from 'preact/hooks';
import { MeetingSchema, type Meeting } from '../../../shared/api/meetings';
import { apiRequest, ApiClientError } from '../api/api-client';
import { createCall } from '../call/create-call';
import { loadRejoinTicket } from '../call/rejoin-store';
import { createLocalMedia } from '../media/local-media';
import { PreJoin } from '../prejoin/PreJoin';
import { Notice } from '../ui/Notice';
import { Room } from './Room';

type Load = { state: 'loading' } | { state: 'ready'; meeting: Meeting } | { state: 'error'; status: number; message: string };

/** /m/:id — loads the meeting, then pre-join, the room, or the left screen. */
export function MeetingPage({ meetingId }: { meetingId: string }) {
  const load = useSignal<Load>({ state: 'loading' });
  useEffect(() => {
    apiRequest('GET', `/api/meetings/${encodeURIComponent(meetingId)}`, MeetingSchema)
      .then((meeting) => (load.value = { state: 'ready', meeting }))
      .catch((e: ApiClientError) => (load.value = { state: 'error', status: e.status, message: e.message }));
  }, [meetingId]);

  const current = load.value;
  if (current.state === 'loading') return <Notice title="Opening the meeting…" />;
  if (current.state === 'error') {
    return current.status === 404 ? (
      <Notice title="Meeting not found" tone="error">
        <p>This meeting does not exist or was deleted. Check the link you were sent, or ask the person who invited you for a new one.</p>
      </Notice>
    ) : (
      <Notice title="The meeting cannot be opened" tone="error">
        <p>{current.message}</p>
      </Notice>
    );
  }
  return <CallView meeting={current.meeting} />;
}

function CallView({ meeting }: { meeting: Meeting }) {
  const [session] = useState(() => {
    const media = createLocalMedia();
    return { media, call: createCall({ meetingId: meeting.id, media }) };
  });
  const { media, call } = session;
  useEffect(() => {
    // A reload of a page that was in this call rejoins straight away.
    const ticket = loadRejoinTicket(meeting.id);
    void media.start().then(() => {
      if (ticket) void call.join(ticket.name);
    });
    const onPageHide = () => call.dispose();
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      call.dispose();
      media.stop();
    };
  }, []);

  switch (call.status.value) {
    case 'idle':
    case 'joining':
      return <PreJoin meeting={meeting} media={media} call={call} />;
    case 'in-call':
      return <Room meeting={meeting} media={media} call={call} />;
    case 'left':
      return (
        <Notice title="You left the meeting">
          <p>
            <a class="button button--primary" href={`/m/${meeting.id}`}>
              Rejoin
            </a>
          </p>
        </Notice>
      );
    case 'failed':
      return (
        <Notice title="The call could not continue" tone="error">
          <p>{call.error.value}</p>
          <p>
            <a class="button button--primary" href={`/m/${meeting.id}`}>
              Try again
            </a>
          </p>
        </Notice>
      );
  }
}
