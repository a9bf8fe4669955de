import type { Browser } from 'puppeteer-core';
import { type HostAccount, signInContext } from './accounts.ts';
import { openParticipant, type ParticipantPage } from './browser.ts';
import { joinAs } from './room.ts';
import { startServer, type RunningServer } from './server.ts';
import { recordPeerConnections } from './webrtc.ts';
import { ephemeralOverlap, parseRtpPortRange, systemEphemeralRange } from '../../server/sfu/rtp-port-range.ts';

/**
 * The tests tell a connection to Janus by its remote port being in Janus's RTP range, so that range
 * must lie outside the ports the system hands out to sockets (the browsers' own candidates): a
 * browser port inside it made a mesh connection look like one to Janus, one run in many.
 */
function assertOutsideEphemeralPorts(rtpPorts: string): void {
  const ephemeral = systemEphemeralRange();
  if (ephemeralOverlap(parseRtpPortRange(rtpPorts), ephemeral))
    throw new Error(
      `Janus's RTP ports ${rtpPorts} overlap the system's ephemeral ports ${ephemeral!.low}-${ephemeral!.high}: pick a range outside them`,
    );
}

/**
 * Our server with `SFU=janus` (it starts Debian's Janus, media on loopback only, on the given UDP
 * ports), once Janus answers: the server logs "SFU: Janus started".
 */
export async function startServerWithJanus(rtpPorts: string, env: Record<string, string> = {}): Promise<RunningServer> {
  assertOutsideEphemeralPorts(rtpPorts);
  const server = await startServer({ SFU: 'janus', JANUS_RTP_PORTS: rtpPorts, JANUS_ICE_ENFORCE: '127.0.0.1', LOG_LEVEL: 'info', ...env });
  const deadline = Date.now() + 30_000;
  while (!server.output().includes('SFU: Janus started') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (!server.output().includes('SFU: Janus started')) {
    await server.stop();
    throw new Error(`Janus did not start:\n${server.output()}`);
  }
  return server;
}

/** The meeting's host as Ada and a guest as Grace, joined one after the other, their peer connections recorded. */
export async function joinAdaAndGrace(
  browser: Browser,
  server: RunningServer,
  host: HostAccount,
  meeting: { hostUrl: string; guestUrl: string },
): Promise<[ParticipantPage, ParticipantPage]> {
  const ada = await openParticipant(browser, meeting.hostUrl, {
    prepare: (c) => signInContext(c, server, host),
    beforeLoad: recordPeerConnections,
  });
  await joinAs(ada.page, 'Ada');
  const grace = await openParticipant(browser, meeting.guestUrl, { beforeLoad: recordPeerConnections });
  await joinAs(grace.page, 'Grace');
  return [ada, grace];
}
