import { t } from '../i18n/i18n.ts';
import type { Connectivity } from './connectivity.ts';
import type { ServiceWorkerState } from './service-worker.ts';

/** App-wide notices: offline, and a new version waiting (never reloading a live call). */
export function AppBanners({ connectivity, sw }: { connectivity: Connectivity; sw: ServiceWorkerState }) {
  return (
    <div class="app-banners">
      {!connectivity.online.value && (
        <p class="banner banner--offline" role="status" data-testid="offline-banner">
          {t('app.offlineBanner')}
        </p>
      )}
      {sw.updateReady.value && (
        <p class="banner banner--update" role="status" data-testid="update-banner">
          {sw.inCall.value ? (
            t('app.updateAfterCall')
          ) : (
            <>
              {t('app.updateReady')}{' '}
              <button type="button" class="button button--small" onClick={sw.reloadToUpdate}>
                {t('app.reload')}
              </button>
            </>
          )}
        </p>
      )}
    </div>
  );
}
