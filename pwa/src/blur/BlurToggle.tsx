import { t } from '../i18n/i18n.ts';
import { blurStateOf } from './blur-state-of.ts';
import type { BlurMedia } from './create-blur-state.ts';
import './blur-toggle.css';

/** The background blur switch (beta). Renders nothing unless the meeting offers blur. */
export function BlurToggle({ media, enabled }: { media: BlurMedia; enabled: boolean }) {
  if (!enabled) return null;
  const blur = blurStateOf(media);
  const status = blur.status.value;
  return (
    <>
      <button
        type="button"
        class="control"
        aria-pressed={status === 'on'}
        aria-busy={status === 'loading'}
        // Without a camera (yet) there is nothing to blur.
        disabled={status === 'loading' || !media.videoTrack.value}
        data-action="toggle-blur"
        data-blur-status={status}
        data-blur-runtime={blur.runtime.value ?? undefined}
        title={media.videoTrack.value ? t('blur.title') : t('blur.needsCamera')}
        onClick={blur.toggle}
      >
        {t(`blur.${status}`)}
      </button>
      {status === 'error' && blur.error.value && (
        <p class="form-error" role="alert">
          {blur.error.value}
        </p>
      )}
    </>
  );
}
