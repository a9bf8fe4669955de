import fc from 'fast-check';

/**
 * The tests' form of a fuzz check: `runs` generated cases through `fc.assert`, which shrinks a
 * failing case to a small one and prints the seed. `FUZZ_SEED` repeats a run.
 */
export async function assertCases<C>(arbitrary: fc.Arbitrary<C>, check: (c: C) => Promise<{ failure: string | null }>, runs: number) {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (c) => {
      const { failure } = await check(c);
      if (failure) throw new Error(failure);
    }),
    { numRuns: runs, ...(seed === undefined ? {} : { seed }) },
  );
}
