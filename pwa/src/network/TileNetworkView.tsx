import { t } from '../i18n/i18n.ts';
import type { TileNetwork } from './create-network-state.ts';
import './network.css';

/** Three bars on a tile: green, amber, red (and the numbers in the tooltip). */
export function QualityIndicator({ network }: { network: TileNetwork }) {
  const { quality, detail, label } = network;
  // Bars once measured, with their words (they load with the monitor: network-texts.ts).
  if (quality === 'unknown' || !label) return null;
  return (
    <span class={`quality quality--${quality}`} data-quality={quality} role="img" aria-label={`${label}. ${detail}`} title={detail}>
      <span class="quality__bar" />
      <span class="quality__bar" />
      <span class="quality__bar" />
    </span>
  );
}

/** Said on the tile of someone we could not connect to, never a silent black tile. */
export function ConnectionFailure({ text, onRetry }: { text: string; onRetry?: (() => void) | undefined }) {
  return (
    <div class="tile__overlay tile__overlay--failed" role="alert" data-connection="failed">
      <p class="tile__failure">{text}</p>
      {onRetry && (
        <button type="button" class="button button--small" data-action="retry-connection" onClick={onRetry}>
          {t('common.tryAgain')}
        </button>
      )}
    </div>
  );
}
