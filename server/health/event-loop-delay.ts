import { monitorEventLoopDelay } from 'node:perf_hooks';

/** How late the main thread's timers ran since the last reading (seconds, the sampling period included). */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}

export interface LoopDelayWatch {
  /** The delays since the last reading (zeros when none was sampled); starts a new period. */
  read(): LoopDelay;
  stop(): void;
}

/**
 * The main thread's stalls, for `/metrics`: Node's event-loop delay histogram (a timer every
 * `resolutionMs`, and how late it ran). Everything on this thread waits behind a stall: sockets,
 * signalling, the phone bridge's frames to Twilio. Each reading covers the time since the last,
 * as prom-client's `nodejs_eventloop_lag_*` do, so one scraper sees every stall once.
 */
export function watchEventLoopDelay(resolutionMs = 10): LoopDelayWatch {
  const histogram = monitorEventLoopDelay({ resolution: resolutionMs });
  histogram.enable();
  const seconds = (ns: number) => ns / 1e9;
  return {
    read() {
      const reading =
        histogram.count > 0
          ? { p50: seconds(histogram.percentile(50)), p99: seconds(histogram.percentile(99)), max: seconds(histogram.max) }
          : { p50: 0, p99: 0, max: 0 };
      histogram.reset();
      return reading;
    },
    stop: () => histogram.disable(),
  };
}
