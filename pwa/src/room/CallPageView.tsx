import { t } from '../i18n/i18n.ts';
import type { MeetingPublicInfo } from '../../../shared/api/invites.ts';
import { lazyComponent } from '../ui/lazy.tsx';
import { Notice } from '../ui/Notice.tsx';
import type { CallPage } from './call-page.ts';
import type { CallSession } from './call-session.ts';
import { DeclinedNotice, ElsewhereNotice, MeetingEndedNotice, RemovedNotice } from './outcome-notices.ts';
import { Room } from './Room.tsx';

/** The waiting room loads when needed: a guest let straight in never sees it. */
const WaitingRoom = lazyComponent(() => import('../host-controls/WaitingRoom.tsx').then((m) => m.WaitingRoom));

/** Every page of the call but the pre-join page. */
export function CallPageView({
  page,
  session,
  info,
}: {
  page: Exclude<CallPage, 'pre-join'>;
  session: CallSession;
  info: MeetingPublicInfo;
}) {
  const { call, lobby } = session;
  switch (page) {
    case 'waiting':
      return <WaitingRoom session={session} />;
    case 'declined':
      return <DeclinedNotice reason={lobby.declinedReason.value} />;
    case 'elsewhere':
      return <ElsewhereNotice />;
    case 'rejoining':
      return <Notice title={t('meeting.rejoining')} />;
    case 'ended':
      return <MeetingEndedNotice isHost={info.isHost} />;
    case 'removed':
      return <RemovedNotice />;
    case 'room':
      return <Room session={session} />;
    case 'left':
      return (
        <Notice title={t('meeting.left')}>
          <p>
            <a class="button button--primary" href={location.pathname}>
              {t('meeting.rejoin')}
            </a>
            {info.isHost && (
              <>
                {' '}
                <a class="button" href="/">
                  {t('meetings.yours')}
                </a>
              </>
            )}
          </p>
        </Notice>
      );
    case 'failed':
      return (
        <Notice title={t('meeting.callFailed')} tone="error">
          <p>{call.error.value}</p>
          <p>
            <a class="button button--primary" href={location.pathname}>
              {t('common.tryAgain')}
            </a>
          </p>
        </Notice>
      );
  }
}
