import type { JanusHandle, JanusSession } from '../../../../shared/sfu/janus-api.ts';
import { screenFeedId, VIDEOROOM_PLUGIN } from '../../../../shared/sfu/sfu-proxy.ts';
import { offerToPublish, trickleFrom } from './sfu-negotiation.ts';

export interface ScreenPublisherDeps {
  meetingId: string;
  selfId: string;
  /** Settles once the client's session is up (and publishes our camera). */
  ready: Promise<unknown>;
  session(): JanusSession | null;
  newPc(): RTCPeerConnection;
  dropPc(pc: RTCPeerConnection): void;
}

interface Share {
  stream: MediaStream;
  handle: JanusHandle | null;
  pc: RTCPeerConnection | null;
  stopped: boolean;
}

/**
 * Our screen on the SFU: a second VideoRoom publisher on its own handle, feed `<selfId>~screen`
 * (the proxy allows a page exactly that one besides its own), in one layer. Stopping detaches the
 * handle: Janus tells the others the feed left.
 */
export function createScreenPublisher(deps: ScreenPublisherDeps) {
  let current: Share | null = null;

  async function publish(session: JanusSession, share: Share): Promise<void> {
    const handle = await session.attach(VIDEOROOM_PLUGIN);
    share.handle = handle;
    if (share.stopped) return void handle.detach().catch(() => undefined);
    await handle.message({ request: 'join', ptype: 'publisher', room: deps.meetingId, id: screenFeedId(deps.selfId) });
    const pc = deps.newPc();
    share.pc = pc;
    trickleFrom(pc, handle);
    for (const track of share.stream.getTracks()) pc.addTransceiver(track, { direction: 'sendonly' });
    await offerToPublish(handle, pc);
  }

  function stop() {
    const share = current;
    if (!share) return;
    current = null;
    share.stopped = true;
    share.pc?.close();
    if (share.pc) deps.dropPc(share.pc);
    void share.handle?.detach().catch(() => undefined);
  }

  return {
    /** Publishes this stream (the same one again changes nothing), or stops (null). */
    async share(stream: MediaStream | null): Promise<void> {
      if (current?.stream === stream) return;
      stop();
      if (!stream) return;
      const share: Share = { stream, handle: null, pc: null, stopped: false };
      current = share;
      try {
        await deps.ready;
        const session = deps.session();
        if (!session || share.stopped) return;
        await publish(session, share);
      } catch (error) {
        if (!share.stopped) console.warn('sharing the screen on the SFU failed', error);
        if (current === share) stop();
        throw error;
      }
    },
    stop,
  };
}
