/**
 * Notices a calendar page on which none of our strategies recognises anything for a while (the
 * calendar changed its markup), and says so once; and once more when it recognises things again.
 * Enter call then degrades to the popup (today's meetings) instead of silently vanishing.
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
  return {
    /** Call after every scan and now and then: cheap (one querySelector). */
    check() {
      if (!inCalendar()) {
        missingSince = null;
        return;
      }
      if (recognises()) {
        missingSince = null;
        if (reported === 'missing') report((reported = 'ok'));
        return;
      }
      missingSince ??= now();
      if (reported === null && now() - missingSince >= graceMs) report((reported = 'missing'));
    },
  };
}
