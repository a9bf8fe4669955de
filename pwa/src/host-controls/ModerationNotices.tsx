import type { ModerationState } from './create-moderation.ts';

/** What the host did to us (muted, camera or share stopped), and the host's request to unmute. */
export function ModerationNotices({ moderation }: { moderation: ModerationState }) {
  return (
    <>
      {moderation.unmuteAsked.value && (
        <p class="room__notice" role="alert" data-testid="unmute-request">
          The host asks you to unmute.{' '}
          <button type="button" class="button button--small button--primary" data-action="accept-unmute" onClick={moderation.unmute}>
            Unmute
          </button>{' '}
          <button type="button" class="button button--small" onClick={moderation.declineUnmute}>
            Stay muted
          </button>
        </p>
      )}
      {moderation.notice.value && (
        <p class="room__notice" role="status" data-testid="moderation-notice">
          {moderation.notice.value}{' '}
          <button type="button" class="button button--small" onClick={moderation.dismissNotice}>
            OK
          </button>
        </p>
      )}
    </>
  );
}
