import { describe, expect, it } from 'vitest';
import { createLatestFrames } from './latest-frames.ts';

class FakeFrame {
  closed = false;
  readonly n: number;
  constructor(n: number) {
    this.n = n;
  }
  close() {
    this.closed = true;
  }
}

/** A stream whose frames the test pushes one by one. */
function frameStream() {
  let controller!: ReadableStreamDefaultController<FakeFrame>;
  let cancelled = false;
  const readable = new ReadableStream<FakeFrame>({
    start: (c) => void (controller = c),
    cancel: () => void (cancelled = true),
  });
  return {
    readable,
    push: (frame: FakeFrame) => controller.enqueue(frame),
    end: () => controller.close(),
    fail: () => controller.error(new Error('track gone')),
    get cancelled() {
      return cancelled;
    },
  };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
/** A store reading two streams, as sources 1 and 2. */
function storeOfTwo() {
  const frames = createLatestFrames<FakeFrame>();
  const streams = [frameStream(), frameStream()] as const;
  frames.add(1, streams[0].readable);
  frames.add(2, streams[1].readable);
  return { frames, streams };
}

describe('createLatestFrames', () => {
  it('keeps only the newest frame of each stream, closing the ones it replaces', async () => {
    const {
      frames,
      streams: [a, b],
    } = storeOfTwo();
    expect(frames.latest(1)).toBeUndefined();
    const [a1, a2, b1] = [new FakeFrame(1), new FakeFrame(2), new FakeFrame(3)];
    a.push(a1);
    a.push(a2);
    b.push(b1);
    await settle();
    expect(frames.latest(1)).toBe(a2);
    expect(frames.latest(2)).toBe(b1);
    expect([a1.closed, a2.closed, b1.closed]).toEqual([true, false, false]);
  });

  it('drops a stream: its frame closed, its reader cancelled, later frames closed unseen', async () => {
    const frames = createLatestFrames<FakeFrame>();
    const a = frameStream();
    frames.add(1, a.readable);
    const first = new FakeFrame(1);
    a.push(first);
    await settle();
    frames.drop(1);
    await settle();
    expect(first.closed).toBe(true);
    expect(a.cancelled).toBe(true);
    expect(frames.latest(1)).toBeUndefined();
    expect(frames.size).toBe(0);
  });

  it('holds no frame once a stream ends or fails (the name is drawn instead)', async () => {
    const {
      frames,
      streams: [ends, fails],
    } = storeOfTwo();
    const [x, y] = [new FakeFrame(1), new FakeFrame(2)];
    ends.push(x);
    fails.push(y);
    await settle();
    ends.end();
    fails.fail();
    await settle();
    expect(frames.latest(1)).toBeUndefined();
    expect(frames.latest(2)).toBeUndefined();
    expect([x.closed, y.closed]).toEqual([true, true]);
  });

  it('refuses a second stream under the same id, and closes every frame on dispose', async () => {
    const frames = createLatestFrames<FakeFrame>();
    const a = frameStream();
    frames.add(7, a.readable);
    expect(() => frames.add(7, frameStream().readable)).toThrow(/already/);
    const held = new FakeFrame(1);
    a.push(held);
    await settle();
    frames.dispose();
    expect(held.closed).toBe(true);
    expect(a.cancelled).toBe(true);
  });
});
