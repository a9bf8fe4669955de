import { t } from '../i18n/i18n.ts';
import { Notice } from '../ui/Notice.tsx';
import '../i18n/later-texts.ts';

/** The host ended the meeting (for the host: they did), or a guest arrives at an ended one. */
export function MeetingEndedNotice({ isHost }: { isHost: boolean }) {
  if (isHost) {
    return (
      <Notice title={t('outcome.youEnded')}>
        <p>{t('outcome.youEndedText')}</p>
        <p data-testid="meeting-ended">
          <a class="button button--primary" href={location.pathname}>
            {t('outcome.startAgain')}
          </a>{' '}
          <a class="button" href="/">
            {t('meetings.yours')}
          </a>
        </p>
      </Notice>
    );
  }
  return (
    <Notice title={t('outcome.hostEnded')}>
      <p data-testid="meeting-ended">{t('outcome.hostEndedText')}</p>
    </Notice>
  );
}

export function MeetingLockedNotice() {
  return (
    <Notice title={t('outcome.locked')} tone="error">
      <p data-testid="meeting-locked">{t('outcome.lockedText')}</p>
    </Notice>
  );
}

export function RemovedNotice() {
  return (
    <Notice title={t('outcome.removed')} tone="error">
      <p data-testid="removed">{t('outcome.removedText')}</p>
    </Notice>
  );
}

export function DeclinedNotice({ reason }: { reason: 'declined' | 'ended' | null }) {
  if (reason === 'ended') return <MeetingEndedNotice isHost={false} />;
  return (
    <Notice title={t('outcome.declined')} tone="error">
      <p data-testid="declined">{t('outcome.declinedText')}</p>
    </Notice>
  );
}

export function ElsewhereNotice() {
  return (
    <Notice title={t('outcome.elsewhere')}>
      <p>{t('outcome.elsewhereText')}</p>
    </Notice>
  );
}
