import { t } from '../i18n/i18n.ts';
import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import { Ellipsis, PhoneOff } from 'lucide-preact';
import type { Call } from '../call/create-call.ts';
import type { LocalMedia } from '../media/local-media.ts';
import { ControlLabel } from '../ui/ControlLabel.tsx';
import { MediaToggles } from '../ui/MediaToggles.tsx';

/**
 * The call controls. Microphone, camera, the `primary` buttons and Leave are always
 * visible; the others (`children`) sit inline on wide screens and behind "More" on
 * narrow ones (phones), so every control stays large enough to touch. The More sheet
 * opens above the toolbar (never over it) and closes on a choice, a tap outside it,
 * Escape (focus goes back to More) or More again.
 */
export function Toolbar({
  media,
  call,
  primary,
  children,
}: {
  media: LocalMedia;
  call: Call;
  primary?: ComponentChildren;
  children?: ComponentChildren;
}) {
  const moreOpen = useSignal(false);
  const sheet = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const open = moreOpen.value;

  // A layout effect: the listeners are there as soon as the sheet is, so an Escape right after opening is heard.
  useLayoutEffect(() => {
    if (!open) return;
    const outside = (event: Event) => {
      const target = event.target as Node | null;
      if (target && (sheet.current?.contains(target) || toggle.current?.contains(target))) return;
      moreOpen.value = false;
    };
    const onEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      moreOpen.value = false;
      toggle.current?.focus();
    };
    document.addEventListener('pointerdown', outside, true);
    document.addEventListener('keydown', onEscape);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('keydown', onEscape);
    };
  }, [open]);

  return (
    <nav class="toolbar" aria-label={t('room.controls')}>
      <MediaToggles media={media} call={call} />
      {primary}
      <button
        ref={toggle}
        type="button"
        class="control toolbar__more-toggle"
        aria-expanded={open}
        aria-controls="toolbar-more"
        data-action="more"
        title={t('room.moreControls')}
        onClick={() => (moreOpen.value = !moreOpen.value)}
      >
        <ControlLabel icon={Ellipsis} text={t('room.more')} />
      </button>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: clicks (keyboard ones too) bubble up from the buttons inside; the container itself is not a control */}
      <div ref={sheet} id="toolbar-more" class={`toolbar__more${open ? ' is-open' : ''}`} onClick={() => (moreOpen.value = false)}>
        {children}
      </div>
      <button type="button" class="control control--danger" data-action="leave" title={t('room.leaveCall')} onClick={call.leave}>
        <ControlLabel icon={PhoneOff} text={t('room.leave')} />
      </button>
    </nav>
  );
}
