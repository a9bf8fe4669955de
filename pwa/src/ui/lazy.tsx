import { t } from '../i18n/i18n.ts';
import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { Notice } from './Notice.tsx';

/**
 * A component loaded on first use (its own chunk), for parts a guest's first page never
 * needs (the meetings overview, the account pages, the host's invite panel). Shows a
 * short loading notice meanwhile (`inline`: a line; `'quiet'`: nothing, for controls that
 * appear when ready), or what went wrong.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>, inline: boolean | 'quiet' = false) {
  const loaded = signal<ComponentType<P> | null>(null);
  const failed = signal<string | null>(null);
  let started = false;
  return function Lazy(props: P) {
    if (!started) {
      started = true;
      load().then(
        (component) => (loaded.value = component),
        (error: Error) => (failed.value = error.message),
      );
    }
    const Component = loaded.value;
    if (Component) return <Component {...props} />;
    if (failed.value)
      return (
        <Notice title={t('app.partFailed')} tone="error">
          <p>
            {failed.value} {t('app.partFailedHint')}
          </p>
        </Notice>
      );
    if (inline === 'quiet') return null;
    return inline ? <p class="muted">{t('common.loading')}</p> : <Notice title={t('common.loading')} pending />;
  };
}
