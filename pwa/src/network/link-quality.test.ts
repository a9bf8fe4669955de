import { describe, expect, test } from 'vitest';
import { classifyQuality, ownQuality, smooth, worse, type LinkQualities, type QualityInput, type QualityLevel } from './link-quality.ts';

describe('connection quality of a link', () => {
  test.each<[string, QualityInput, QualityLevel]>([
    ['nothing measured yet', { loss: null, jitterMs: null, rttMs: null }, 'unknown'],
    ['loopback', { loss: 0, jitterMs: 1, rttMs: 2 }, 'good'],
    ['a typical broadband call', { loss: 0.005, jitterMs: 12, rttMs: 80 }, 'good'],
    ['only a round trip known', { loss: null, jitterMs: null, rttMs: 120 }, 'good'],
    ['just under every fair limit', { loss: 0.029, jitterMs: 29, rttMs: 299 }, 'good'],
    ['3 % loss', { loss: 0.03, jitterMs: 5, rttMs: 50 }, 'fair'],
    ['30 ms jitter', { loss: 0, jitterMs: 30, rttMs: 50 }, 'fair'],
    ['satellite-like round trip', { loss: 0, jitterMs: 10, rttMs: 450 }, 'fair'],
    ['10 % loss', { loss: 0.1, jitterMs: 5, rttMs: 50 }, 'poor'],
    ['60 ms jitter', { loss: 0.01, jitterMs: 60, rttMs: 50 }, 'poor'],
    ['600 ms round trip', { loss: null, jitterMs: null, rttMs: 600 }, 'poor'],
    ['congested mobile', { loss: 0.2, jitterMs: 120, rttMs: 900 }, 'poor'],
  ])('%s → %s', (_name, input, expected) => {
    expect(classifyQuality(input)).toBe(expected);
  });

  test.each<[QualityLevel, QualityLevel, QualityLevel]>([
    ['good', 'poor', 'poor'],
    ['fair', 'good', 'fair'],
    ['unknown', 'good', 'good'],
    ['unknown', 'unknown', 'unknown'],
  ])('worse of %s and %s is %s', (a, b, expected) => {
    expect(worse(a, b)).toBe(expected);
  });
});

const link = (send: QualityLevel, receive: QualityLevel, lowUplink = false): LinkQualities => ({ send, receive, lowUplink });

describe('is our own connection the problem?', () => {
  test.each<[string, LinkQualities[], QualityLevel]>([
    ['alone in the call', [], 'unknown'],
    ['nothing measured', [link('unknown', 'unknown')], 'unknown'],
    ['all good', [link('good', 'good'), link('good', 'good')], 'good'],
    [
      'one of four sends badly: probably theirs',
      [link('poor', 'poor'), link('good', 'good'), link('good', 'good'), link('good', 'good')],
      'good',
    ],
    ['two people, our sending is poor', [link('poor', 'good')], 'poor'],
    ['two people, only receiving is poor: theirs', [link('good', 'poor')], 'good'],
    ['half the links send poorly', [link('poor', 'good'), link('poor', 'fair'), link('good', 'good'), link('good', 'good')], 'poor'],
    ['we receive badly from everyone', [link('good', 'poor'), link('good', 'poor'), link('fair', 'poor')], 'poor'],
    ['the browser sees almost no uplink', [link('good', 'good', true)], 'poor'],
    ['fair sending on most links', [link('fair', 'good'), link('fair', 'good'), link('good', 'good')], 'fair'],
    ['fair receiving from everyone', [link('good', 'fair'), link('good', 'fair')], 'fair'],
  ])('%s → %s', (_name, links, expected) => {
    expect(ownQuality(links)).toBe(expected);
  });
});

describe('smoothing what a tile shows', () => {
  test.each<[string, number | null, number | null, number | null]>([
    ['first value', null, 0.2, 0.2],
    ['nothing new keeps the estimate', 0.1, null, 0.1],
    ['a lossy poll moves it 40 % of the way', 0, 0.25, 0.1],
    ['and a clean one back', 0.1, 0, 0.06],
    ['never measured', null, null, null],
  ])('%s', (_name, previous, next, expected) => {
    const result = smooth(previous, next);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toBeCloseTo(expected, 10);
  });
});
