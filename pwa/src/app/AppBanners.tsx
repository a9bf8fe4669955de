import type { Connectivity } from './connectivity.ts';
import type { ServiceWorkerState } from './service-worker.ts';

/** App-wide notices: offline, and a new version waiting (never reloading a live call). */
export function AppBanners({ connectivity, sw }: { connectivity: Connectivity; sw: ServiceWorkerState }) {
  return (
    <div class="app-banners">
      {!connectivity.online.value && (
        <p class="banner banner--offline" role="status" data-testid="offline-banner">
          You are offline. Calls, chat and invitations need a connection; this page reconnects by itself when you are back online.
        </p>
      )}
      {sw.updateReady.value && (
        <p class="banner banner--update" role="status" data-testid="update-banner">
          {sw.inCall.value ? (
            'A new version is ready. It will load after your call.'
          ) : (
            <>
              A new version is ready.{' '}
              <button type="button" class="button button--small" onClick={sw.reloadToUpdate}>
                Reload
              </button>
            </>
          )}
        </p>
      )}
    </div>
  );
}
