import '../i18n/later-texts.ts';
import { t } from '../i18n/i18n.ts';
import type { ModerationState } from './create-moderation.ts';

/** What the host did to us (muted, camera or share stopped), and the host's request to unmute. */
export function ModerationNotices({ moderation }: { moderation: ModerationState }) {
  return (
    <>
      {moderation.unmuteAsked.value && (
        <p class="room__notice" role="alert" data-testid="unmute-request">
          {t('moderation.unmuteAsked')}{' '}
          <button type="button" class="button button--small button--primary" data-action="accept-unmute" onClick={moderation.unmute}>
            {t('media.unmute')}
          </button>{' '}
          <button type="button" class="button button--small" onClick={moderation.declineUnmute}>
            {t('moderation.stayMuted')}
          </button>
        </p>
      )}
      {moderation.notice.value && (
        <p class="room__notice" role="status" data-testid="moderation-notice">
          {moderation.notice.value}{' '}
          <button type="button" class="button button--small" onClick={moderation.dismissNotice}>
            {t('common.ok')}
          </button>
        </p>
      )}
    </>
  );
}
