import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import type { Call } from '../call/create-call.ts';
import type { LocalMedia } from '../media/local-media.ts';
import { MediaToggles } from '../ui/MediaToggles.tsx';

/**
 * The call controls. Microphone, camera, the `primary` buttons and Leave are always
 * visible; the others (`children`) sit inline on wide screens and behind "More" on
 * narrow ones (phones), so every control stays large enough to touch.
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
  return (
    <nav class="toolbar" aria-label="Call controls">
      <MediaToggles media={media} call={call} />
      {primary}
      <button
        type="button"
        class="control toolbar__more-toggle"
        aria-expanded={moreOpen.value}
        aria-controls="toolbar-more"
        data-action="more"
        onClick={() => (moreOpen.value = !moreOpen.value)}
      >
        More
      </button>
      {/* biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/noStaticElementInteractions: clicks (keyboard ones too) bubble up from the buttons inside; the container itself is not a control */}
      <div id="toolbar-more" class={`toolbar__more${moreOpen.value ? ' is-open' : ''}`} onClick={() => (moreOpen.value = false)}>
        {children}
      </div>
      <button type="button" class="control control--danger" data-action="leave" onClick={call.leave}>
        Leave
      </button>
    </nav>
  );
}
