import { t } from '../i18n/i18n.ts';
import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { ComponentChild, ComponentType } from 'preact';
import { Notice } from './Notice.tsx';

export interface LazyComponent<P> {
  (props: P): ComponentChild;
  /** Starts loading it (once), before it is drawn. */
  load(): void;
  /** Loaded, or failed: drawn now, it shows itself (or what went wrong), not a stand-in. */
  ready: ReadonlySignal<boolean>;
}

/**
 * A component loaded on first use (its own chunk), for parts a guest's first page never
 * needs (the meetings overview, the account pages, the host's invite panel). Shows a
 * short loading notice meanwhile (`inline`: a line; `'quiet'`: nothing, for controls that
 * appear when ready), or what went wrong. A part that should appear whole, at once, is loaded
 * first (`load`) and drawn once `ready`.
 */
export function lazyComponent<P extends object>(
  load: () => Promise<ComponentType<P>>,
  inline: boolean | 'quiet' = false,
): LazyComponent<P> {
  const loaded = signal<ComponentType<P> | null>(null);
  const failed = signal<string | null>(null);
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    load().then(
      (component) => (loaded.value = component),
      (error: Error) => (failed.value = error.message),
    );
  };
  function Lazy(props: P) {
    start();
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
  }
  return Object.assign(Lazy, { load: start, ready: computed(() => loaded.value !== null || failed.value !== null) });
}
