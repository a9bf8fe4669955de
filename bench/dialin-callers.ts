import { type ChildProcess, spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { CallerCommand, CallerReply, DialRequest } from './caller-group.worker.ts';

/** Helpers of the dial-in bench: synthetic callers, how a phone would play what they get, CPU hogs. */

/**
 * Telephone callers without a telephone, on a thread of their own (caller-group.worker.ts): they
 * send on a 20 ms clock and time what they receive there, so the bench's own stalls (a collection
 * of the heap Lighthouse left, say) neither hold their sending nor look like a late server. Times
 * are `performance.timeOrigin + performance.now()` (ms), the same on every thread.
 */
export class CallerGroup {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  /** The calls dialled, in order. */
  readonly callSids: string[] = [];

  constructor(origin: string, authToken: string) {
    this.worker = new Worker(new URL('./caller-group.worker.ts', import.meta.url), { workerData: { origin, authToken } });
    this.worker.on('message', ({ id, result, error }: CallerReply) => {
      const waiter = this.pending.get(id);
      this.pending.delete(id);
      if (error !== undefined) waiter?.reject(new Error(error));
      else waiter?.resolve(result);
    });
    this.worker.on('error', (error) => {
      for (const waiter of this.pending.values()) waiter.reject(error);
      this.pending.clear();
    });
  }

  private ask<T>(command: CallerCommand): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, command });
    });
  }

  async dial(call: DialRequest): Promise<string> {
    const callSid = await this.ask<string>({ op: 'dial', call });
    this.callSids.push(callSid);
    return callSid;
  }

  /** Every caller has received audio for a while. */
  allHearing(timeoutMs = 30_000): Promise<void> {
    return this.ask({ op: 'all-hearing', timeoutMs });
  }

  /** How many callers who should hear another caller's tone do not (dominant frequency of their last half second). */
  wrongAudio(): Promise<number> {
    return this.ask({ op: 'wrong-audio' });
  }

  /** Each caller's frame arrival times (ms, absolute), in the order dialled. */
  arrivals(): Promise<number[][]> {
    return this.ask({ op: 'arrivals' });
  }

  /** The callers' thread's longest event-loop stall (ms) since the last asking. */
  loopMax(): Promise<number> {
    return this.ask({ op: 'loop-max' });
  }

  /** Hangs every caller up and ends the thread. */
  async hangUpAll(): Promise<void> {
    await this.ask({ op: 'hang-up' }).catch(() => undefined);
    await this.worker.terminate();
  }
}

/** Now, in the callers' time base (ms): the same on every thread. */
export const absoluteNow = () => performance.timeOrigin + performance.now();

export interface PhonePlayout {
  /** 20 ms slots in the window. */
  slots: number;
  /** Slots the phone had no frame for. */
  underruns: number;
  /** Frames that arrived in the window. */
  received: number;
  /** The longest wait between two frames arriving in the window (ms): a stall shows here. */
  longestGapMs: number;
}

/**
 * How a phone would play what a caller received: from the first frame plus `primeMs` it plays a
 * frame every 20 ms from its buffer; a slot with nothing to play is an underrun, and a late
 * frame is played later (Twilio buffers what it is sent; it does not drop late audio). Counts
 * the slots and arrivals within [fromMs, toMs).
 */
export function phonePlayout(arrivals: number[], fromMs: number, toMs: number, primeMs = 40): PhonePlayout {
  const inWindow = arrivals.filter((t) => t >= fromMs && t < toMs);
  const received = inWindow.length;
  const longestGapMs = inWindow.reduce((longest, t, i) => (i ? Math.max(longest, t - inWindow[i - 1]!) : longest), 0);
  let slots = 0;
  let underruns = 0;
  if (arrivals.length === 0) {
    slots = Math.floor((toMs - fromMs) / 20);
    return { slots, underruns: slots, received, longestGapMs };
  }
  let arrived = 0;
  let played = 0;
  for (let slot = arrivals[0]! + primeMs; slot < toMs; slot += 20) {
    while (arrived < arrivals.length && arrivals[arrived]! <= slot) arrived++;
    const hasFrame = arrived > played;
    if (hasFrame) played++;
    if (slot < fromMs) continue;
    slots++;
    if (!hasFrame) underruns++;
  }
  return { slots, underruns, received, longestGapMs };
}

/** `count` processes that spin a core each (`node -e "for(;;){}"`), until stopped. */
export function startBusyLoops(count: number): { stop(): void } {
  const children: ChildProcess[] = Array.from({ length: count }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
  return {
    stop() {
      for (const child of children) child.kill('SIGKILL');
    },
  };
}
