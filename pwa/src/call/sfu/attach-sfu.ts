import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { MediaMode } from '../../../../shared/room-events.ts';
import { SFU_PROXY_PATH } from '../../../../shared/sfu/sfu-proxy.ts';
import type { LocalMedia } from '../../media/local-media.ts';
import { createSfuPath, type SfuPath } from './create-sfu-path.ts';

const NO_STREAMS: ReadonlyMap<string, MediaStream> = new Map();

export interface SfuJoin {
  meetingId: string;
  participantId: string;
  token: string;
  rtc: Pick<RTCConfiguration, 'iceServers' | 'iceTransportPolicy'>;
  /** The meeting's media mode, as the room channel says. */
  mode: ReadonlySignal<MediaMode>;
  media: LocalMedia;
  /** Our mesh camera call with this participant may go (their media reaches us through Janus now). */
  handOff(participantId: string): void;
}

/**
 * The call's SFU side, as the call sees it: which path is open, and each participant's media
 * through Janus once it arrives there, through the mesh until then.
 */
export function createSfuSide(meshStreams: ReadonlySignal<ReadonlyMap<string, MediaStream>>) {
  /** The SFU side of the call, once the meeting is on the SFU (call/sfu/). */
  const path = signal<SfuPath | null>(null);
  const remoteStreams = computed(() => {
    const mesh = meshStreams.value;
    const sfu = path.value?.remoteStreams.value ?? NO_STREAMS;
    if (sfu.size === 0) return mesh;
    const merged = new Map(mesh);
    for (const [id, stream] of sfu) merged.set(id, stream);
    return merged as ReadonlyMap<string, MediaStream>;
  });

  /** Wires the SFU path of one join; returns what undoes it. */
  function attach({ meetingId, participantId, token, rtc, mode, media, handOff }: SfuJoin): () => void {
    const sfu = createSfuPath({
      mode,
      // The SFU client's code (and Janus's API) loads when the meeting first moves to the SFU.
      open: async () =>
        (await import('./create-sfu-client.ts')).createSfuClient({
          url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${SFU_PROXY_PATH}${encodeURIComponent(meetingId)}?participantId=${encodeURIComponent(participantId)}&token=${encodeURIComponent(token)}`,
          meetingId,
          selfId: participantId,
          rtc: { iceServers: rtc.iceServers, iceTransportPolicy: rtc.iceTransportPolicy },
          localTracks: () => media.sendStream().getTracks(),
        }),
      handOff,
    });
    path.value = sfu;
    // Device switches and processors (blur) swap the published track, without renegotiation.
    const stops = [
      effect(() => sfu.replaceTrack('audio', media.outgoingAudio.value)),
      effect(() => sfu.replaceTrack('video', media.outgoingVideo.value)),
    ];
    return () => {
      for (const stop of stops) stop();
      sfu.dispose();
      path.value = null;
    };
  }

  return { path: path as ReadonlySignal<SfuPath | null>, remoteStreams, attach };
}

export type SfuSide = ReturnType<typeof createSfuSide>;
