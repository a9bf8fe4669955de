import { t } from '../i18n/i18n.ts';
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
      on: t('media.mute'),
      offText: t('media.unmute'),
      turnOn: t('media.micOn'),
      turnOff: t('media.micOff'),
      keys: 'Ctrl+D',
      aria: 'Control+D Meta+D',
      act: call.toggleAudio,
      icon: Mic,
      offIcon: MicOff,
    },
    {
      kind: 'video',
      off: media.sendsNoVideo.value,
      on: t('media.stopVideo'),
      offText: t('media.startVideo'),
      turnOn: t('media.cameraOn'),
      turnOff: t('media.cameraOff'),
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
          title={`${b.off ? b.turnOn : b.turnOff} (${b.keys})`}
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
