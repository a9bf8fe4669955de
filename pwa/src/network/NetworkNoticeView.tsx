import { t } from '../i18n/i18n.ts';
import type { NetworkState } from './create-network-state.ts';
import './network-notice.css';
import '../i18n/later-texts.ts';

/** The one network notice of the moment (failed connections, audio only, our weak connection), with what to do. */
export function NetworkNoticeView({
  network,
  videoOn,
  turnOffVideo,
}: {
  network: NetworkState;
  videoOn: boolean;
  turnOffVideo: () => void;
}) {
  const notice = network.notice.value;
  if (!notice) return null;
  const ownProblem = notice.kind !== 'connection-failed';
  return (
    <section
      class={`network-notice network-notice--${notice.kind}`}
      role={notice.kind === 'connection-failed' ? 'alert' : 'status'}
      data-testid="network-notice"
      data-kind={notice.kind}
    >
      <p class="network-notice__title">{notice.title}</p>
      <ul class="network-notice__tips">
        {notice.tips.map((tip) => (
          <li key={tip}>{tip}</li>
        ))}
      </ul>
      <div class="network-notice__actions">
        {ownProblem && videoOn && (
          <button type="button" class="button button--small" data-action="network-video-off" onClick={turnOffVideo}>
            {t('network.cameraOff')}
          </button>
        )}
        <button
          type="button"
          class="button button--small"
          data-action="dismiss-network-notice"
          onClick={() => network.dismiss(notice.kind)}
        >
          {t('common.ok')}
        </button>
      </div>
    </section>
  );
}
