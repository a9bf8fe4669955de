/**
 * How far behind Twilio plays what we send. We put a `mark` after every `every`-th
 * frame; Twilio echoes a mark once the audio before it has played, so the echo's delay
 * is the depth of its buffer. If that grows past `maxLagMs` (we sent faster than a phone
 * line plays, e.g. after a stall), the caller would hear the room ever later: `clear`
 * drops the backlog.
 */
export class PlayoutWatch {
  private readonly pending = new Map<string, number>();
  private frames = 0;
  private counter = 0;
  /** Latest measured playout lag (ms). */
  lagMs = 0;

  private readonly every: number;
  private readonly maxLagMs: number;
  constructor(every = 50, maxLagMs = 500) {
    this.every = every;
    this.maxLagMs = maxLagMs;
  }

  /** A frame went out at `now`; returns a mark name to send after it, now and then. */
  sent(now: number): string | null {
    if (++this.frames % this.every !== 0) return null;
    const name = `playout-${++this.counter}`;
    this.pending.set(name, now);
    if (this.pending.size > 20) this.pending.delete(this.pending.keys().next().value!);
    return name;
  }

  /** Twilio echoed a mark; true if the backlog is too long and should be cleared. */
  played(name: string, now: number): boolean {
    const sentAt = this.pending.get(name);
    if (sentAt === undefined) return false;
    this.pending.delete(name);
    this.lagMs = now - sentAt;
    if (this.lagMs <= this.maxLagMs) return false;
    this.pending.clear(); // marks echoed because of the clear mean nothing
    return true;
  }
}
