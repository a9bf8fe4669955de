import { TransitWindow } from './transit-window.ts';

export interface DeepeningOptions {
  /** A second burst of late packets within this long (ms) deepens. */
  recurMs: number;
  /** Packets in a row with no more jitter than `startDepthMs` (guard included) that end it. */
  calmPackets: number;
  startDepthMs: number;
  /** Added to the measured jitter (ms). */
  guardMs: number;
}

/**
 * When a voice's jitter buffer plays at its measured jitter rather than at most its start depth
 * (see JitterBuffer): from the moment late packets recur (two bursts within `recurMs`; late
 * packets with none in time between are one burst) until `calmPackets` in a row show the jitter
 * gone. A lone burst (every voice stuck behind a stall of the bridge's own thread, then arriving
 * at once) is concealed and forgotten; jitter that recurs is waited for, as long as it lasts.
 */
export class Deepening {
  /** The last `calmPackets` transits, since the last burst that deepened. */
  private readonly recent: TransitWindow;
  /** When each recent burst of late packets began (ms). */
  private readonly bursts: number[] = [];
  private lastWasLate = false;
  private deep = false;

  private readonly options: DeepeningOptions;
  constructor(options: DeepeningOptions) {
    this.options = options;
    this.recent = new TransitWindow(options.calmPackets, 0.98, 1);
  }

  /** Every packet as it reaches the buffer: its transit (ms), whether it came after its turn, and when. */
  packet(transitMs: number, late: boolean, receivedAt: number): void {
    this.recent.add(transitMs);
    if (!late) {
      this.lastWasLate = false;
      return;
    }
    if (this.lastWasLate) return;
    this.lastWasLate = true;
    while (this.bursts.length > 0 && this.bursts[0]! < receivedAt - this.options.recurMs) this.bursts.shift();
    this.bursts.push(receivedAt);
    if (this.bursts.length >= 2) {
      this.deep = true;
      this.recent.clear(); // calm means calm since this burst
    }
  }

  /**
   * Whether to play at the measured jitter now. When the jitter is found gone, `window` (the
   * buffer's, whose floor it is measured from) is reset to the calm packets: its memory of the
   * jitter that is gone is no reason to wait.
   */
  deepNow(window: TransitWindow): boolean {
    const { calmPackets, startDepthMs, guardMs } = this.options;
    if (this.deep && this.recent.count >= calmPackets && this.recent.high - window.floor + guardMs <= startDepthMs) {
      this.deep = false;
      window.resetTo(this.recent);
    }
    return this.deep;
  }

  clear(): void {
    this.recent.clear();
    this.bursts.length = 0;
    this.lastWasLate = this.deep = false;
  }
}
