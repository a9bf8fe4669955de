/** A named count of something held in memory (`rooms`, `identities`…), from one module. */
export type Sizes = Record<string, number>;

/**
 * Every in-memory collection the server holds, by name: each stateful module adds its `sizes()`.
 * Read by `/metrics` and by the soak benchmark (which checks that only running meetings remain).
 */
export function createCensus() {
  const sources: (() => Sizes)[] = [];
  return {
    add(source: () => Sizes): void {
      sources.push(source);
    },
    sizes(): Sizes {
      const all: Sizes = {};
      for (const source of sources) Object.assign(all, source());
      return all;
    },
  };
}

export type Census = ReturnType<typeof createCensus>;
