import { describe, expect, test } from 'vitest';
import { judgeIce, type IceFacts } from './connection-verdict.ts';
import { failureText } from './network-texts.ts';

const facts = (over: Partial<IceFacts>): IceFacts => ({
  iceState: 'new',
  gatheringComplete: false,
  localCandidates: 0,
  turnErrors: [],
  wasConnected: false,
  timedOut: false,
  gaveUp: false,
  ...over,
});

describe('judging a connection from its ICE facts', () => {
  test.each([
    ['just started', {}, { state: 'connecting' }],
    ['checking with candidates', { iceState: 'checking', localCandidates: 2 }, { state: 'connecting' }],
    ['connected', { iceState: 'connected', localCandidates: 1 }, { state: 'connected' }],
    ['completed', { iceState: 'completed' }, { state: 'connected' }],
    ['a blip after connecting', { iceState: 'disconnected', wasConnected: true }, { state: 'connected' }],
    [
      'relay-only, TURN said 401, nothing gathered',
      { gatheringComplete: true, turnErrors: [401] },
      { state: 'failed', reason: 'turn-refused' },
    ],
    ['TURN 441 wrong credentials', { gatheringComplete: true, turnErrors: [441] }, { state: 'failed', reason: 'turn-refused' }],
    [
      'TURN unreachable (701), nothing gathered',
      { gatheringComplete: true, turnErrors: [701] },
      { state: 'failed', reason: 'turn-unreachable' },
    ],
    ['nothing gathered, no error', { gatheringComplete: true }, { state: 'failed', reason: 'no-route' }],
    [
      'gathering over with candidates: keep trying',
      { gatheringComplete: true, localCandidates: 3, iceState: 'checking' },
      { state: 'connecting' },
    ],
    [
      'ICE failed with a refused TURN',
      { iceState: 'failed', localCandidates: 2, turnErrors: [701, 401] },
      { state: 'failed', reason: 'turn-refused' },
    ],
    ['ICE failed, TURN fine', { iceState: 'failed', localCandidates: 2 }, { state: 'failed', reason: 'no-route' }],
    ['timed out', { iceState: 'checking', localCandidates: 2, timedOut: true }, { state: 'failed', reason: 'timeout' }],
    ['PeerJS gave up', { gaveUp: true, localCandidates: 2 }, { state: 'failed', reason: 'no-route' }],
    ['failed after it had worked', { iceState: 'failed', wasConnected: true, turnErrors: [401] }, { state: 'failed', reason: 'dropped' }],
  ] as [string, Partial<IceFacts>, object][])('%s', (_name, over, expected) => {
    expect(judgeIce(facts(over))).toEqual(expected);
  });

  test.each([
    ['Ana', 'turn-refused', 'Could not connect to Ana: the network blocks the call (TURN refused)'],
    ['Ben', 'timeout', 'Could not connect to Ben: the connection timed out'],
    ['Cy', 'dropped', 'Lost the connection to Cy'],
  ] as const)('tells %s apart: %s', (name, reason, text) => {
    expect(failureText(name, reason)).toBe(text);
  });
});
