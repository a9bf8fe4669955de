interface Closable {
  close(): void;
}

/**
 * The newest frame of each of several streams, for a composer that draws at its own rate:
 * every frame that arrives replaces (and closes) the one before, so a stream holds at most
 * one frame. A stream that ends or fails, or is dropped, holds none.
 */
export function createLatestFrames<F extends Closable>() {
  const sources = new Map<number, { frame: F | null; reader: ReadableStreamDefaultReader<F> }>();

  async function pump(id: number, entry: { frame: F | null; reader: ReadableStreamDefaultReader<F> }) {
    try {
      for (;;) {
        const { value, done } = await entry.reader.read();
        if (done) break;
        if (sources.get(id) !== entry) {
          value.close();
          break;
        }
        entry.frame?.close();
        entry.frame = value;
      }
    } catch {
      // The stream failed (its track went away): no frame, the name is drawn instead.
    }
    if (sources.get(id) === entry) {
      entry.frame?.close();
      entry.frame = null;
    }
  }

  return {
    add(id: number, readable: ReadableStream<F>) {
      if (sources.has(id)) throw new Error(`frame source ${id} is already there`);
      const entry = { frame: null, reader: readable.getReader() };
      sources.set(id, entry);
      void pump(id, entry);
    },
    latest: (id: number): F | undefined => sources.get(id)?.frame ?? undefined,
    drop(id: number) {
      const entry = sources.get(id);
      if (!entry) return;
      sources.delete(id);
      entry.frame?.close();
      entry.frame = null;
      entry.reader.cancel().catch(() => undefined);
    },
    get size() {
      return sources.size;
    },
    dispose() {
      for (const id of [...sources.keys()]) this.drop(id);
    },
  };
}
