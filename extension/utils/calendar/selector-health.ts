/**
 * Notices a calendar page on which none of our strategies recognises anything for a while (the
 * calendar changed its markup), and says so once. It also says once that all is fine, the first
 * time it recognises the page (so a notice left by an earlier page goes once the calendar, or the
 * extension, is fixed) and after a miss. Enter call then degrades to the popup (today's meetings)
 * instead of silently vanishing.
 */
export type SelectorHealthState = 'missing' | 'ok';

export interface SelectorHealthDeps {
  /** False while the page shows something else than the calendar (Outlook's mail): nothing to judge. */
  inCalendar?: () => boolean;
  recognises(): boolean;
  report(state: SelectorHealthState): void;
  /** How long a page may show nothing we recognise before we report it. */
  graceMs: number;
  now?: () => number;
}

/** Default grace: a calendar page that loads slowly on a busy machine still shows its events by then. */
export const SELECTOR_HEALTH_GRACE_MS = 30_000;

export function createSelectorHealth({ inCalendar = () => true, recognises, report, graceMs, now = Date.now }: SelectorHealthDeps) {
  let missingSince: number | null = null;
  let reported: SelectorHealthState | null = null;
  // A miss is reported once per page: a page that keeps changing its mind is not worth more messages.
  let reportedMissing = false;
  return {
    /** Call now and then (every few seconds): cheap, one querySelector. */
    check() {
      if (!inCalendar()) {
        missingSince = null;
        return;
      }
      if (recognises()) {
        missingSince = null;
        if (reported !== 'ok') report((reported = 'ok'));
        return;
      }
      missingSince ??= now();
      if (!reportedMissing && now() - missingSince >= graceMs) {
        reportedMissing = true;
        report((reported = 'missing'));
      }
    },
  };
}
