import { describe, expect, test } from 'vitest';
import { readLinkStats, type LinkCounters, type StatsEntry } from './link-stats.ts';

const r = (id: string, type: string, fields: Record<string, unknown>): StatsEntry => ({ id, type, timestamp: 1, ...fields });

/** A Chrome-like report for one connection with audio and video both ways. */
function report(
  o: {
    received?: number;
    lost?: number;
    sent?: number;
    lostByRemote?: number;
    fractionLost?: number;
    frames?: number;
    rtt?: number;
    aob?: number;
    jitter?: number;
    local?: string;
    remote?: string;
    transport?: boolean;
  } = {},
): StatsEntry[] {
  return [
    r('T', 'transport', o.transport === false ? {} : { selectedCandidatePairId: 'CP1' }),
    r('CP0', 'candidate-pair', {
      state: 'failed',
      nominated: false,
      localCandidateId: 'L0',
      remoteCandidateId: 'R0',
      currentRoundTripTime: 9,
    }),
    r('CP1', 'candidate-pair', {
      state: 'succeeded',
      nominated: true,
      localCandidateId: 'L1',
      remoteCandidateId: 'R1',
      ...(o.rtt === undefined ? {} : { currentRoundTripTime: o.rtt }),
      ...(o.aob === undefined ? {} : { availableOutgoingBitrate: o.aob }),
    }),
    r('L0', 'local-candidate', { candidateType: 'host' }),
    r('R0', 'remote-candidate', { candidateType: 'host' }),
    r('L1', 'local-candidate', { candidateType: o.local ?? 'host' }),
    r('R1', 'remote-candidate', { candidateType: o.remote ?? 'host' }),
    r('IA', 'inbound-rtp', {
      kind: 'audio',
      packetsReceived: (o.received ?? 0) / 2,
      packetsLost: (o.lost ?? 0) / 2,
      jitter: o.jitter ?? 0.004,
    }),
    r('IV', 'inbound-rtp', {
      kind: 'video',
      packetsReceived: (o.received ?? 0) / 2,
      packetsLost: (o.lost ?? 0) / 2,
      jitter: 0.02,
      framesDecoded: o.frames ?? 0,
    }),
    r('OA', 'outbound-rtp', { kind: 'audio', packetsSent: (o.sent ?? 0) / 2 }),
    r('OV', 'outbound-rtp', { kind: 'video', packetsSent: (o.sent ?? 0) / 2 }),
    r('RA', 'remote-inbound-rtp', {
      kind: 'audio',
      packetsLost: (o.lostByRemote ?? 0) / 2,
      fractionLost: o.fractionLost ?? 0,
      roundTripTime: 0.05,
    }),
    r('RV', 'remote-inbound-rtp', { kind: 'video', packetsLost: (o.lostByRemote ?? 0) / 2, fractionLost: 0, roundTripTime: 0.07 }),
  ];
}

const counters = (c: Partial<LinkCounters>): LinkCounters => ({
  packetsReceived: 0,
  packetsLost: 0,
  packetsSent: 0,
  packetsLostByRemote: 0,
  videoFramesDecoded: 0,
  videoFramesEncoded: 0,
  videoFramesSent: 0,
  ...c,
});

describe("reading a connection's stats", () => {
  test.each([
    [
      'first poll: loss from the last receiver report, rtt and bandwidth from the selected pair',
      report({ received: 1000, lost: 10, sent: 800, fractionLost: 0.05, rtt: 0.042, aob: 1_500_000, frames: 90 }),
      null,
      {
        rttMs: 42,
        availableOutgoingBitrate: 1_500_000,
        sendLoss: 0.05,
        receiveLoss: null,
        jitterMs: 4,
        route: 'direct',
        framesDecoded: null,
      },
    ],
    [
      'over an interval: 20 lost of 200 received+lost; the other side lost 10 of 100 we sent',
      report({ received: 1180, lost: 30, sent: 900, lostByRemote: 10, rtt: 0.2, frames: 150 }),
      counters({ packetsReceived: 1000, packetsLost: 10, packetsSent: 800, packetsLostByRemote: 0, videoFramesDecoded: 90 }),
      { rttMs: 200, availableOutgoingBitrate: null, sendLoss: 0.1, receiveLoss: 0.1, jitterMs: 4, route: 'direct', framesDecoded: 60 },
    ],
    [
      'nothing flowed: no loss to speak of, video frozen, rtt from the worst receiver report',
      report({ received: 1000, lost: 10, sent: 800, frames: 90 }),
      counters({ packetsReceived: 1000, packetsLost: 10, packetsSent: 800, videoFramesDecoded: 90 }),
      { rttMs: 70, availableOutgoingBitrate: null, sendLoss: 0, receiveLoss: null, jitterMs: 4, route: 'direct', framesDecoded: 0 },
    ],
    [
      'through a TURN relay, pair found by nomination (no transport entry)',
      report({ local: 'relay', remote: 'relay', transport: false, rtt: 0.01, jitter: 0.031 }),
      null,
      { rttMs: 10, availableOutgoingBitrate: null, sendLoss: 0, receiveLoss: null, jitterMs: 31, route: 'relay', framesDecoded: null },
    ],
    ['only the other side relays', report({ remote: 'relay' }), null, { route: 'relay' }],
  ])('%s', (_name, entries, previous, expected) => {
    expect(readLinkStats(entries, previous)).toMatchObject(expected);
  });

  test.each([
    ['first poll: nothing to compare with', { framesEncoded: 0, framesSent: 0 }, null, null],
    [
      'frames encoded and sent since the last poll',
      { framesEncoded: 130, framesSent: 128 },
      { videoFramesEncoded: 100, videoFramesSent: 99 },
      30,
    ],
    ['encoded but not sent still moves', { framesEncoded: 130, framesSent: 99 }, { videoFramesEncoded: 100, videoFramesSent: 99 }, 30],
    ['a camera whose frames never leave (counters stay at 0)', { framesEncoded: 0, framesSent: 0 }, {}, 0],
    ['no outbound video entry at all', null, {}, 0],
  ])('our frames leaving: %s', (_name, outbound, previous, framesOut) => {
    const entries = [
      r('OA', 'outbound-rtp', { kind: 'audio', packetsSent: 100 }),
      ...(outbound ? [r('OV', 'outbound-rtp', { kind: 'video', packetsSent: 0, ...outbound })] : []),
    ];
    expect(readLinkStats(entries, previous && counters(previous)).framesOut).toBe(framesOut);
  });

  test('an empty report (connection not up yet) reads as nothing known', () => {
    expect(readLinkStats([], null)).toMatchObject({
      rttMs: null,
      sendLoss: null,
      receiveLoss: null,
      jitterMs: null,
      route: null,
      availableOutgoingBitrate: null,
    });
  });
});
