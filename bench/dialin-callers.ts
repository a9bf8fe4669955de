import { type ChildProcess, spawn } from 'node:child_process';
import { mulawToPcm, pcmToMulaw } from '../server/dialin/audio/mulaw.ts';
import { dominantFrequency, rms, sineFrame } from '../test/server/audio-signal.ts';
import { dialIn, FakeTwilioStream, newCallSid, streamOf } from '../e2e/harness/twilio-caller.ts';

/** Helpers of the dial-in bench: synthetic callers, how a phone would play what they get, CPU hogs. */

export interface SyntheticCaller {
  callSid: string;
  stream: FakeTwilioStream;
  /** The tone this caller plays. */
  toneHz: number;
  /** The tone it should hear (another caller in its meeting), if it should hear one. */
  hearsHz: number | null;
  startedAt: number;
  sent: number;
}

/**
 * Telephone callers without a telephone: the fake Twilio (e2e/harness/twilio-caller.ts) for each,
 * all paced by one timer (a frame every 20 ms on the clock, as a phone line), each playing its
 * own tone.
 */
export class CallerGroup {
  readonly callers: SyntheticCaller[] = [];
  private readonly timer = setInterval(() => this.pace(), 5);

  private readonly origin: string;
  private readonly authToken: string;
  constructor(origin: string, authToken: string) {
    this.origin = origin;
    this.authToken = authToken;
  }

  async dial(call: { pin: string; from: string; toneHz: number; hearsHz: number | null }): Promise<SyntheticCaller> {
    const callSid = newCallSid();
    const reply = await dialIn(this.origin, this.authToken, { callSid, from: call.from, pin: call.pin });
    const instruction = streamOf(reply.text);
    if (!instruction) throw new Error(`no stream in ${reply.text}`);
    const stream = await FakeTwilioStream.open(instruction, callSid);
    const caller = { callSid, stream, toneHz: call.toneHz, hearsHz: call.hearsHz, startedAt: performance.now(), sent: 0 };
    this.callers.push(caller);
    return caller;
  }

  /** Every caller has received audio for a while. */
  async allHearing(timeoutMs = 30_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.callers.some((c) => c.stream.received.length < 25)) {
      if (performance.now() > deadline) {
        const deaf = this.callers.filter((c) => c.stream.received.length < 25).length;
        throw new Error(`${deaf} of ${this.callers.length} callers hear nothing`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Callers who should hear another caller's tone but do not (dominant frequency of their last half second). */
  wrongAudio(): SyntheticCaller[] {
    return this.callers.filter((c) => {
      if (c.hearsHz === null) return false;
      const pcm = Int16Array.from(c.stream.received.slice(-25).flatMap((f) => [...mulawToPcm(f.mulaw)]));
      return rms(pcm) < 1000 || Math.abs(dominantFrequency(pcm, 8000) - c.hearsHz) > 10;
    });
  }

  hangUpAll(): void {
    clearInterval(this.timer);
    for (const c of this.callers) c.stream.stop();
  }

  private pace(): void {
    const now = performance.now();
    for (const c of this.callers) {
      const due = Math.floor((now - c.startedAt) / 20);
      while (c.sent <= due) {
        c.stream.sendMedia(pcmToMulaw(sineFrame(c.toneHz, 8000, 160, 10_000, c.sent * 160)));
        c.sent++;
      }
    }
  }
}

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

/** The 1, 5 and 15 minute load averages. */
