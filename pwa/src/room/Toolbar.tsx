import type { ComponentChildren } from 'preact';
import type { Call } from '../call/create-call';
import type { LocalMedia } from '../media/local-media';

/** The call controls: microphone, camera, leave. */
export function Toolbar({ media, call, children }: { media: LocalMedia; call: Call; children?: ComponentChildren }) {
  const audioMuted = media.audioMuted.value;
  const videoMuted = media.videoMuted.value;
  return (
    <nav class="toolbar" aria-label="Call controls">
      <button
        type="button"
        class={`control${audioMuted ? ' control--off' : ''}`}
        aria-pressed={audioMuted}
        data-action="toggle-audio"
        onClick={call.toggleAudio}
      >
        {audioMuted ? 'Unmute' : 'Mute'}
      </button>
      <button
        type="button"
        class={`control${videoMuted ? ' control--off' : ''}`}
        aria-pressed={videoMuted}
        data-action="toggle-video"
        onClick={call.toggleVideo}
      >
        {videoMuted ? 'Start video' : 'Stop video'}
      </button>
      {children}
      <button type="button" class="control control--danger" data-action="leave" onClick={call.leave}>
        Leave
      </button>
    </nav>
  );
}
