import { RtpHeader, RtpPacket } from 'werift';
import { connectJanus } from '../../../server/sfu/janus-client.ts';
import { joinAsRtpParticipant } from '../../../server/sfu/rtp-participant.ts';

export interface WeriftPublisher {
  /** True once Janus's side of the PeerConnection is up. */
  connected(): boolean;
  close(): Promise<void>;
}

/**
 * A server-side participant (server/sfu/rtp-participant.ts) publishing Opus silence into a VideoRoom
 * as feed `feedId`, speaking the Janus API at `url`: Janus itself (with its API secret) or our proxy
 * (as a page does, no secret).
 */
export async function publishWithWerift(options: { url: string; secret?: string; room: string; feedId: string }): Promise<WeriftPublisher> {
  const connection = await connectJanus({ url: options.url, secret: options.secret });
  const participant = await joinAsRtpParticipant({
    janus: connection,
    meetingId: options.room,
    feedId: options.feedId,
    display: options.feedId,
    publish: ['audio'],
  });
  let up = false;
  connection.onEvent((message) => {
    if (message.janus === 'webrtcup') up = true;
  });
  let seq = 0;
  const silence = Buffer.from([0xf8, 0xff, 0xfe]); // an Opus frame of silence
  const timer = setInterval(() => {
    seq = (seq + 1) & 0xffff;
    participant.writeRtp('audio', new RtpPacket(new RtpHeader({ sequenceNumber: seq, timestamp: seq * 960 }), silence));
  }, 20);
  return {
    connected: () => up,
    async close() {
      clearInterval(timer);
      await participant.close();
      connection.close();
    },
  };
}
