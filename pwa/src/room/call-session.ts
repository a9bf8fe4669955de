import { createCall } from '../call/create-call.ts';
import { createSpeakingState } from '../call/create-speaking-state.ts';
import { createChatState } from '../chat/create-chat-state.ts';
import { createMediaCheck } from '../media-check/create-media-check.ts';
import { createDeviceList } from '../media/device-list.ts';
import { createLocalMedia } from '../media/local-media.ts';
import { createOutputChoice } from '../media/output-choice.ts';
import type { MeetingPublicInfo } from '../../../shared/api/invites.ts';
import { computed, effect } from '@preact/signals';
import { createExtensionShare } from '../share/create-extension-share.ts';
import { createViewState } from '../views/create-view-state.ts';
import { createNetworkState } from '../network/create-network-state.ts';
import { createFullscreen } from '../views/fullscreen.ts';
import { createRecordingState } from '../recording/create-recording-state.ts';
import { createHostControls } from '../host-controls/create-host-controls.ts';
import { createLobby } from '../host-controls/create-lobby.ts';
import { createModerationState } from '../host-controls/create-moderation.ts';

/**
 * Everything one page holds for one meeting, made once and handed down:
 * devices, media, the call, chat, speaking levels and the media check.
 */
export function createCallSession(info: MeetingPublicInfo, accessHeaders: Record<string, string>, typedName: () => string) {
  const media = createLocalMedia();
  const devices = createDeviceList();
  const output = createOutputChoice();
  const call = createCall({ meetingId: info.id, media, accessHeaders });
  const chat = createChatState({ meetingId: info.id, call });
  const speaking = createSpeakingState(call, media);
  const check = createMediaCheck({
    meetingId: info.id,
    media,
    headers: accessHeaders,
    name: typedName,
    dialIn: info.dialIn,
    sinkId: () => output.sinkId.value || undefined,
    reportToHost: !info.isHost,
  });
  const view = createViewState(info.id, {
    selfId: call.selfId,
    participantIds: computed(() => call.participants.value.map((p) => p.id)),
    remoteSharer: computed(() => {
      const sharer = call.sharer.value;
      return sharer && sharer.id !== call.selfId.value ? sharer.id : null;
    }),
    activeSpeaker: speaking.activeSpeaker,
  });
  const fullscreen = createFullscreen();
  const extensionShare = createExtensionShare(call);
  // Connection quality per tile, bitrate limits on every sender, notices about the network.
  const network = createNetworkState({ call, dialIn: info.dialIn, cameraOn: () => !media.sendsNoVideo.value });
  const recording = createRecordingState({ info, call, media });
  // Host controls: a guest's way in through the waiting room, the host's controls, the host's actions on us.
  const lobby = createLobby({ meetingId: info.id, accessHeaders });
  const host = info.isHost ? createHostControls({ meetingId: info.id, call, sinkId: () => output.sinkId.value || undefined }) : null;
  const moderation = createModerationState({ call, media });
  // A share ended: the next one starts in focus again.
  const stopShareWatch = effect(() => {
    if (!call.sharer.value) view.shareEnded();
  });
  return {
    info,
    view,
    fullscreen,
    extensionShare,
    network,
    media,
    devices,
    output,
    call,
    chat,
    speaking,
    check,
    recording,
    lobby,
    host,
    moderation,
    /** Join: the host at once; a guest knocks first and may wait for the host to admit them. */
    async enter(name: string) {
      if (!info.isHost) {
        const admitted = await lobby.enter({ name, audioMuted: media.sendsNoAudio.value, videoMuted: media.sendsNoVideo.value });
        if (!admitted) return;
      }
      await call.join(name);
    },
    dispose() {
      moderation.dispose();
      host?.dispose();
      lobby.dispose();
      recording.dispose();
      stopShareWatch();
      network.dispose();
      fullscreen.dispose();
      speaking.dispose();
      chat.dispose();
      call.dispose();
      devices.dispose();
      media.stop();
    },
  };
}

export type CallSession = ReturnType<typeof createCallSession>;
