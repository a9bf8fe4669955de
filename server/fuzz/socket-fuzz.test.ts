import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkSocketCase, socketCase } from './socket-cases';
import { createSocketRig, type SocketRig } from './socket-rig';

/** The fast subset; `npm run bench` (BENCH=fuzz) runs more of the same. */
const RUNS = Number(process.env.FUZZ_SOCKET_RUNS ?? 120);
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

describe('socket fuzzing', () => {
  let rig: SocketRig;
  beforeAll(async () => {
    rig = await createSocketRig();
  });
  afterAll(() => rig.close());

  it(`lives through ${RUNS} generated upgrade requests and frames (room channel, PeerJS, Media Streams), keeping its state`, async () => {
    await fc.assert(
      fc.asyncProperty(socketCase, async (c) => {
        const { failure } = await checkSocketCase(rig, c);
        if (failure) throw new Error(failure);
      }),
      { numRuns: RUNS, ...(seed === undefined ? {} : { seed }) },
    );
  }, 60_000);
});
