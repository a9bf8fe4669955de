import { MediaStream, MediaStreamTrack, RTCPeerConnection, RtpHeader, RtpPacket, useOPUS } from 'werift';
import { connectJanus, createSession } from '../../../server/sfu/janus-client.ts';
import { VIDEOROOM } from '../../../server/sfu/sfu-rooms.ts';

export interface WeriftPublisher {
  /** True once Janus's side of the PeerConnection is up. */
  connected(): boolean;
  close(): Promise<void>;
}

/**
 * A werift PeerConnection publishing Opus silence into a VideoRoom as feed `feedId`, speaking the
 * Janus API at `url`: Janus itself (with its API secret) or our proxy (as a page does, no secret).
 */
export async function publishWithWerift(options: { url: string; secret?: string; room: string; feedId: string }): Promise<WeriftPublisher> {
  const connection = await connectJanus({ url: options.url, secret: options.secret });
  const session = await createSession(connection);
  const handle = await session.attach(VIDEOROOM);
  await handle.message({ request: 'join', ptype: 'publisher', room: options.room, id: options.feedId, display: options.feedId });
  // biome-ignore lint/correctness/useHookAtTopLevel: useOPUS is a werift function named like a hook
  const pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', codecs: { audio: [useOPUS()] } });
  const track = new MediaStreamTrack({ kind: 'audio' });
  pc.addTransceiver(track, { direction: 'sendonly', streams: [new MediaStream({ id: 'werift', tracks: [track] })] });
  await pc.setLocalDescription(await pc.createOffer());
  const answer = await handle.message({ request: 'publish', audio: true, video: false }, { type: 'offer', sdp: pc.localDescription!.sdp });
  if (!answer.jsep) throw new Error('janus sent no answer');
  await pc.setRemoteDescription({ type: 'answer', sdp: answer.jsep.sdp });
  let up = false;
  connection.onEvent((message) => {
    if (message.janus === 'webrtcup') up = true;
  });
  let seq = 0;
  const silence = Buffer.from([0xf8, 0xff, 0xfe]); // an Opus frame of silence
  const timer = setInterval(() => {
    if (pc.connectionState !== 'connected') return;
    seq = (seq + 1) & 0xffff;
    track.writeRtp(new RtpPacket(new RtpHeader({ sequenceNumber: seq, timestamp: seq * 960, payloadType: 111 }), silence));
  }, 20);
  return {
    connected: () => up,
    async close() {
      clearInterval(timer);
      track.stop();
      await pc.close().catch(() => undefined);
      await session.destroy().catch(() => undefined);
      connection.close();
    },
  };
}
