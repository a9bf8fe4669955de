import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { mulawToPcm, pcmToMulaw } from '../server/dialin/audio/mulaw.ts';
import { dominantFrequency, rms, sineFrame } from '../test/server/audio-signal.ts';
import { dialIn, FakeTwilioStream, newCallSid, streamOf } from '../e2e/harness/twilio-caller.ts';

/** One caller: the tone it plays and the one it should hear (another caller in its meeting), if any. */
export interface DialRequest {
  pin: string;
  from: string;
  toneHz: number;
  hearsHz: number | null;
}

export type CallerCommand =
  | { op: 'dial'; call: DialRequest }
  | { op: 'all-hearing'; timeoutMs: number }
  | { op: 'wrong-audio' }
  | { op: 'arrivals' }
  /** This thread's longest event-loop stall (ms) since the last asking. */
  | { op: 'loop-max' }
  | { op: 'hang-up' };

export interface CallerReply {
  id: number;
  result?: unknown;
  error?: string;
}

interface SyntheticCaller extends DialRequest {
  callSid: string;
  stream: FakeTwilioStream;
  startedAt: number;
  sent: number;
}

/**
 * The dial-in bench's callers (dialin-callers.ts `CallerGroup` drives them from the bench's
 * thread): the fake Twilio (e2e/harness/twilio-caller.ts) for each, all paced by one timer (a frame
 * every 20 ms on the clock, as a phone line), each playing its own tone.
 */
const { origin, authToken } = workerData as { origin: string; authToken: string };
const callers: SyntheticCaller[] = [];

const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();

const timer = setInterval(() => {
  const now = performance.now();
  for (const c of callers) {
    const due = Math.floor((now - c.startedAt) / 20);
    while (c.sent <= due) {
      c.stream.sendMedia(pcmToMulaw(sineFrame(c.toneHz, 8000, 160, 10_000, c.sent * 160)));
      c.sent++;
    }
  }
}, 5);

async function dial(call: DialRequest): Promise<string> {
  const callSid = newCallSid();
  const reply = await dialIn(origin, authToken, { callSid, from: call.from, pin: call.pin });
  const instruction = streamOf(reply.text);
  if (!instruction) throw new Error(`no stream in ${reply.text}`);
  const stream = await FakeTwilioStream.open(instruction, callSid);
  callers.push({ ...call, callSid, stream, startedAt: performance.now(), sent: 0 });
  return callSid;
}

async function allHearing(timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (callers.some((c) => c.stream.received.length < 25)) {
    if (performance.now() > deadline) {
      const deaf = callers.filter((c) => c.stream.received.length < 25).length;
      throw new Error(`${deaf} of ${callers.length} callers hear nothing`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function wrongAudio(): number {
  return callers.filter((c) => {
    if (c.hearsHz === null) return false;
    const pcm = Int16Array.from(c.stream.received.slice(-25).flatMap((f) => [...mulawToPcm(f.mulaw)]));
    return rms(pcm) < 1000 || Math.abs(dominantFrequency(pcm, 8000) - c.hearsHz) > 10;
  }).length;
}

async function run(command: CallerCommand): Promise<unknown> {
  switch (command.op) {
    case 'dial':
      return dial(command.call);
    case 'all-hearing':
      return allHearing(command.timeoutMs);
    case 'wrong-audio':
      return wrongAudio();
    case 'arrivals':
      // Arrivals were timed on this thread's clock; the bench's window is absolute.
      return callers.map((c) => c.stream.received.map((f) => performance.timeOrigin + f.at));
    case 'loop-max': {
      const max = loop.max / 1e6;
      loop.reset();
      return max;
    }
    case 'hang-up':
      clearInterval(timer);
      loop.disable();
      for (const c of callers) c.stream.stop();
      return undefined;
  }
}

parentPort!.on('message', ({ id, command }: { id: number; command: CallerCommand }) => {
  run(command).then(
    (result) => parentPort!.postMessage({ id, result } satisfies CallerReply),
    (error: Error) => parentPort!.postMessage({ id, error: error.message ?? String(error) } satisfies CallerReply),
  );
});
