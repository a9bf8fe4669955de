import { describe, expect, test } from 'vitest';
import { decideVideo, recoverSamples, type PolicyInput, type VideoDecision } from './bitrate-policy.ts';

const sending = (maxBitrate: number, over: Partial<VideoDecision> = {}): VideoDecision => ({
  maxBitrate,
  scaleResolutionDownBy: 1,
  maxFramerate: 30,
  audioOnly: false,
  weakStreak: 0,
  goodStreak: 0,
  fallbacks: 0,
  reason: '',
  ...over,
});
const audioOnly = (over: Partial<VideoDecision> = {}) => sending(80_000, { audioOnly: true, fallbacks: 1, ...over });
const input = (over: Partial<PolicyInput>): PolicyInput => ({
  remotes: 1,
  availableOutgoingBitrate: null,
  loss: 0,
  rttMs: 20,
  previous: null,
  ...over,
});

type Expected = Partial<VideoDecision>;

describe('video limits of one sender', () => {
  test.each<[string, Partial<PolicyInput>, Expected]>([
    // The mesh alone
    ['2 people, nothing measured yet', {}, { maxBitrate: 1_200_000, scaleResolutionDownBy: 1, maxFramerate: 30, audioOnly: false }],
    ['3 people', { remotes: 2 }, { maxBitrate: 800_000, scaleResolutionDownBy: 1, maxFramerate: 30 }],
    ['4 people', { remotes: 3 }, { maxBitrate: 550_000, scaleResolutionDownBy: 1.5, maxFramerate: 24 }],
    ['5 people', { remotes: 4 }, { maxBitrate: 400_000, scaleResolutionDownBy: 1.5, maxFramerate: 24 }],
    ['6 people', { remotes: 5 }, { maxBitrate: 300_000, scaleResolutionDownBy: 1.5, maxFramerate: 24 }],
    ['more than 6 keep the smallest share', { remotes: 9 }, { maxBitrate: 300_000 }],
    // The browser's bandwidth estimate
    ['a roomy estimate does not raise the cap', { availableOutgoingBitrate: 5_000_000 }, { maxBitrate: 1_200_000 }],
    ['a 1 Mbps estimate: 85 % minus audio', { availableOutgoingBitrate: 1_000_000 }, { maxBitrate: 786_000, scaleResolutionDownBy: 1 }],
    [
      'a 400 kbps estimate: smaller picture',
      { availableOutgoingBitrate: 400_000 },
      { maxBitrate: 276_000, scaleResolutionDownBy: 2, maxFramerate: 15 },
    ],
    [
      'a 150 kbps estimate: thumbnail video',
      { availableOutgoingBitrate: 150_000 },
      { maxBitrate: 80_000, scaleResolutionDownBy: 4, maxFramerate: 10, weakStreak: 1, audioOnly: false },
    ],
    // Loss and round trip, against the previous decision
    ['no loss: ramp up by a quarter', { previous: sending(400_000) }, { maxBitrate: 500_000, reason: 'ramping up' }],
    ['no loss, small rate: ramp by at least 50 kbps', { previous: sending(100_000) }, { maxBitrate: 150_000 }],
    ['some loss: hold', { loss: 0.05, previous: sending(400_000) }, { maxBitrate: 400_000 }],
    ['heavy loss: back off by 30 %', { loss: 0.12, previous: sending(1_000_000) }, { maxBitrate: 700_000 }],
    ['slow round trip: fewer frames', { rttMs: 650 }, { maxBitrate: 1_200_000, maxFramerate: 15 }],
    // Falling back to audio only
    ['one weak sample is not enough', { loss: 0.3, previous: sending(300_000) }, { audioOnly: false, weakStreak: 1 }],
    [
      'two weak samples in a row: audio only',
      { loss: 0.3, previous: sending(210_000, { weakStreak: 1 }) },
      { audioOnly: true, fallbacks: 1 },
    ],
    [
      'a tiny estimate twice: audio only',
      { availableOutgoingBitrate: 90_000, previous: sending(80_000, { weakStreak: 1 }) },
      { audioOnly: true },
    ],
    ['a 2 s round trip twice: audio only', { rttMs: 2000, previous: sending(500_000, { weakStreak: 1 }) }, { audioOnly: true }],
    ['a good sample resets the weak streak', { previous: sending(300_000, { weakStreak: 1 }) }, { audioOnly: false, weakStreak: 0 }],
    // Coming back
    ['audio only, calm: count', { previous: audioOnly({ goodStreak: 2 }) }, { audioOnly: true, goodStreak: 3 }],
    [
      'audio only, still lossy: start counting again',
      { loss: 0.05, previous: audioOnly({ goodStreak: 4 }) },
      { audioOnly: true, goodStreak: 0 },
    ],
    [
      'audio only, fifth calm sample: video at 150 kbps',
      { previous: audioOnly({ goodStreak: 4 }) },
      { audioOnly: false, maxBitrate: 150_000, scaleResolutionDownBy: 2, maxFramerate: 15, fallbacks: 1 },
    ],
    [
      'after a second fallback it waits longer',
      { previous: audioOnly({ fallbacks: 2, goodStreak: 4 }) },
      { audioOnly: true, goodStreak: 5 },
    ],
    [
      '6 people resume within their share',
      { remotes: 5, previous: audioOnly({ goodStreak: 4 }) },
      { audioOnly: false, maxBitrate: 150_000 },
    ],
  ])('%s', (_name, over, expected) => {
    expect(decideVideo(input(over))).toMatchObject(expected);
  });

  test.each([
    [1, 5],
    [2, 10],
    [3, 20],
    [4, 40],
    [9, 40],
  ])('after %d fallbacks, %d calm samples bring video back', (fallbacks, samples) => {
    expect(recoverSamples(fallbacks)).toBe(samples);
  });

  test('a link that degrades, drops to audio only, and recovers', () => {
    let d: VideoDecision | null = null;
    const step = (over: Partial<PolicyInput>) => (d = decideVideo(input({ ...over, previous: d })));
    expect(step({ availableOutgoingBitrate: 2_000_000 }).maxBitrate).toBe(1_200_000);
    expect(step({ loss: 0.15 }).maxBitrate).toBe(840_000);
    expect(step({ loss: 0.15 }).maxBitrate).toBe(588_000);
    expect(step({ loss: 0.3 }).audioOnly).toBe(false);
    expect(step({ loss: 0.3 }).audioOnly).toBe(true);
    for (let i = 0; i < 4; i++) expect(step({ loss: 0 }).audioOnly).toBe(true);
    expect(step({ loss: 0 })).toMatchObject({ audioOnly: false, maxBitrate: 150_000 });
    expect(step({ loss: 0 }).maxBitrate).toBe(200_000);
    expect(step({ loss: 0 }).maxBitrate).toBe(250_000);
  });
});
