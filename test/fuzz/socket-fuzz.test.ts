import { afterAll, beforeAll, describe, it } from 'vitest';
import { assertCases } from './assert-cases.ts';
import { checkSocketCase, socketCase } from './socket-cases.ts';
import { createSocketRig, type SocketRig } from './socket-rig.ts';

/** The fast subset; `npm run bench` (BENCH=fuzz) runs more of the same. */
const RUNS = Number(process.env.FUZZ_SOCKET_RUNS ?? 120);

describe('socket fuzzing', () => {
  let rig: SocketRig;
  beforeAll(async () => {
    rig = await createSocketRig();
  });
  afterAll(() => rig.close());

  it(`lives through ${RUNS} generated upgrade requests and frames (room channel, PeerJS, Media Streams), keeping its state`, async () => {
    await assertCases(socketCase, (c) => checkSocketCase(rig, c), RUNS);
  }, 60_000);
});
