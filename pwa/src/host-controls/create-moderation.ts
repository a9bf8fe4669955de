import { t } from '../i18n/i18n.ts';
import { signal, type ReadonlySignal } from '@preact/signals';
import { ModerationAction } from '../../../shared/api/host-controls.ts';
import { assertNever } from '../../../shared/room-events.ts';
import type { Call } from '../call/create-call.ts';
import type { LocalMedia } from '../media/local-media.ts';

/**
 * A participant's side of the host's actions: the page turns its own microphone, camera
 * or share off when the host says so, and shows why; "ask to unmute" is only a prompt
 * (the microphone never turns on without the participant).
 */
export function createModerationState({ call, media }: { call: Call; media: LocalMedia }) {
  const notice = signal<string | null>(null);
  const unmuteAsked = signal(false);

  const unsubscribe = call.subscribe((event) => {
    if (event.type !== 'moderation') return;
    switch (event.action) {
      case ModerationAction.AskUnmute:
        if (media.sendsNoAudio.value) unmuteAsked.value = true;
        return;
      case ModerationAction.Mute:
        media.setAudioMuted(true);
        unmuteAsked.value = false;
        break;
      case ModerationAction.StopVideo:
        media.setVideoMuted(true);
        break;
      case ModerationAction.StopShare:
        call.screen.stop();
        break;
      default:
        assertNever(event.action, 'moderation action');
    }
    notice.value = t(`moderation.notice.${event.action}`);
  });

  return {
    notice: notice as ReadonlySignal<string | null>,
    unmuteAsked: unmuteAsked as ReadonlySignal<boolean>,
    /** The participant agreed to the host's request. */
    unmute() {
      unmuteAsked.value = false;
      if (media.sendsNoAudio.value) call.toggleAudio();
    },
    declineUnmute: () => void (unmuteAsked.value = false),
    dismissNotice: () => void (notice.value = null),
    dispose: unsubscribe,
  };
}

export type ModerationState = ReturnType<typeof createModerationState>;
