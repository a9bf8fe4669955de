import { t } from '../i18n/i18n.ts';
import './lobby.css';
import { useEffect } from 'preact/hooks';
import { MediaCheckPanel } from '../media-check/MediaCheckPanel.tsx';
import { CameraPreview } from '../prejoin/CameraPreview.tsx';
import type { CallSession } from '../room/call-session.ts';
import { MediaToggles } from '../ui/MediaToggles.tsx';
import '../i18n/later-texts.ts';

/**
 * A guest waiting for the host: their own camera, the media check to run meanwhile, and
 * what is happening (the host is there and was told, or has not arrived yet). Nothing of
 * the meeting reaches this page until the host lets them in.
 */
export function WaitingRoom({ session }: { session: CallSession }) {
  const { info, media, call, check, speaking, lobby } = session;
  useEffect(() => void check.run(), []);
  const host = { name: info.hostName };
  const status = lobby.removedBefore.value
    ? t('waiting.removedBefore', host)
    : lobby.hostPresent.value
      ? t('waiting.hostPresent', host)
      : t('waiting.hostAbsent', host);
  return (
    <main class="page prejoin waiting-room" data-testid="waiting-room">
      <h1>{info.title}</h1>
      <p class="prejoin__when">{t('prejoin.hostedBy', host)}</p>
      <div class="prejoin__layout">
        <div>
          <CameraPreview media={media} />
          <div class="prejoin__toggles">
            <MediaToggles media={media} call={call} />
          </div>
        </div>
        <div>
          <section class="card waiting-room__status" aria-live="polite">
            <h2>{t('waiting.title')}</h2>
            <p role="status" data-testid="waiting-status" data-host-present={String(lobby.hostPresent.value)}>
              {status}
            </p>
            <p class="muted">{t('waiting.meanwhile')}</p>
            <button type="button" class="button" data-action="cancel-waiting" onClick={lobby.cancel}>
              {t('waiting.stop')}
            </button>
          </section>
          <MediaCheckPanel check={check} micLevel={speaking.selfLevel} />
        </div>
      </div>
    </main>
  );
}
