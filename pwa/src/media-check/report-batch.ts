import { MEDIA_CHECK_BATCH_MAX } from '../../../shared/media-check.ts';

/**
 * Reports made within this long of the first one waiting go to the room in one request: the check's
 * start makes four in about 10 ms, and each request cost the page's main thread 3–5 ms.
 */
export const REPORT_BATCH_MS = 100;

/**
 * Collects the media check's reports and hands them to `send` together: those made within
 * `REPORT_BATCH_MS` of the first one waiting, or at once when `max` are waiting (the route takes
 * that many in one request). A page closed or left within the moment still sends what waits,
 * `keepalive` (which outlives the page). Framework-free.
 */
export function createReportBatch<T>(
  send: (reports: T[], keepalive: boolean) => void,
  { max = MEDIA_CHECK_BATCH_MAX, windowMs = REPORT_BATCH_MS, page = globalThis as Partial<EventTarget> } = {},
) {
  let queued: T[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;

  /** The reports waiting, in order, in one request. */
  function flush(keepalive = false) {
    if (timer) clearTimeout(timer);
    timer = null;
    const reports = queued;
    queued = [];
    if (reports.length > 0) send(reports, keepalive);
  }
  page.addEventListener?.('pagehide', () => flush(true));

  return {
    add(report: T) {
      queued.push(report);
      if (queued.length >= max) flush();
      else timer ??= setTimeout(flush, windowMs);
    },
  };
}
