import type { ComponentChildren } from 'preact';
import type { Call } from '../call/create-call';
import type { LocalMedia } from '../media/local-media';
import { MediaToggles } from '../ui/MediaToggles';

/** The call controls: microphone, camera, feature buttons (children), leave. */
export function Toolbar({ media, call, children }: { media: LocalMedia; call: Call; children?: ComponentChildren }) {
  return (
    <nav class="toolbar" aria-label="Call controls">
      <MediaToggles media={media} call={call} />
      {children}
      <button type="button" class="control control--danger" data-action="leave" onClick={call.leave}>
        Leave
      </button>
    </nav>
  );
}
