import { effect, type ReadonlySignal } from '@preact/signals';
import { SFU_PROXY_PATH } from '../../../../shared/sfu/sfu-proxy.ts';
import type { SfuJoin } from './attach-sfu.ts';
import { createSfuPath, type SfuPath } from './create-sfu-path.ts';

/**
 * One join's SFU path, made when the meeting first moves to the SFU (attach-sfu.ts loads this
 * module then): the path through our proxy, its client loaded on first use, and the published
 * tracks following the page's devices and processors (blur) without renegotiation. `show` hands the
 * path to the call (null when it is undone). Returns what undoes it.
 */
export function wireSfuPath(
  { meetingId, participantId, token, rtc, mode, media, handOff, screen, handOffScreen }: SfuJoin,
  preferHigh: ReadonlySignal<ReadonlySet<string>>,
  show: (path: SfuPath | null) => void,
): () => void {
  const sfu = createSfuPath({
    mode,
    // The SFU client's code (and Janus's API) loads when the path first opens.
    open: async () =>
      (await import('./create-sfu-client.ts')).createSfuClient({
        url: `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${SFU_PROXY_PATH}${encodeURIComponent(meetingId)}?participantId=${encodeURIComponent(participantId)}&token=${encodeURIComponent(token)}`,
        meetingId,
        selfId: participantId,
        rtc: { iceServers: rtc.iceServers, iceTransportPolicy: rtc.iceTransportPolicy },
        localTracks: () => media.sendStream().getTracks(),
      }),
    handOff,
    screen,
    handOffScreen,
    preferHigh,
  });
  show(sfu);
  const stops = [
    effect(() => sfu.replaceTrack('audio', media.outgoingAudio.value)),
    effect(() => sfu.replaceTrack('video', media.outgoingVideo.value)),
  ];
  return () => {
    for (const stop of stops) stop();
    sfu.dispose();
    show(null);
  };
}
