import type { Call } from '../call/create-call.ts';
import { Mic, MicOff, Video, VideoOff } from 'lucide-preact';
import type { LocalMedia } from '../media/local-media.ts';
import { ControlLabel } from './ControlLabel.tsx';

/** Microphone and camera buttons with clear on/off states (pre-join and in the call): the icon shows the state. */
export function MediaToggles({ media, call }: { media: LocalMedia; call: Call }) {
  const buttons = [
    {
      kind: 'audio',
      off: media.sendsNoAudio.value,
      on: 'Mute',
      offText: 'Unmute',
      name: 'microphone',
      keys: 'Ctrl+D',
      aria: 'Control+D Meta+D',
      act: call.toggleAudio,
      icon: Mic,
      offIcon: MicOff,
    },
    {
      kind: 'video',
      off: media.sendsNoVideo.value,
      on: 'Stop video',
      offText: 'Start video',
      name: 'camera',
      keys: 'Ctrl+E',
      aria: 'Control+E Meta+E',
      act: call.toggleVideo,
      icon: Video,
      offIcon: VideoOff,
    },
  ] as const;
  return (
    <>
      {buttons.map((b) => (
        <button
          key={b.kind}
          type="button"
          class={`control${b.off ? ' control--off' : ''}`}
          aria-pressed={b.off}
          aria-keyshortcuts={b.aria}
          title={`${b.off ? 'Turn on' : 'Turn off'} the ${b.name} (${b.keys})`}
          data-action={`toggle-${b.kind}`}
          onClick={b.act}
        >
          {/* The icon shows the state (crossed out when off), as in Meet and Whereby; the text says what a press does. */}
          <ControlLabel icon={b.off ? b.offIcon : b.icon} text={b.off ? b.offText : b.on} />
        </button>
      ))}
    </>
  );
}
