// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { googleCalendarPage } from './google-calendar-page.ts';
import { createSelectorHealth } from './selector-health.ts';
import { eventPopupNoIdHtml } from '../../../test/extension/calendar/fixtures.ts';

describe('selector health check', () => {
  function setup(html: string) {
    document.body.innerHTML = html;
    let clock = 0;
    const report = vi.fn();
    const health = createSelectorHealth({
      recognises: () => googleCalendarPage.recognises(document),
      report,
      graceMs: 30_000,
      now: () => clock,
    });
    return { health, report, advance: (ms: number) => (clock += ms) };
  }

  it('reports once when a calendar page shows nothing it recognises for the whole grace period', () => {
    // Calendar after a markup change: a grid of events with none of the attributes we know.
    const { health, report, advance } = setup(
      '<div role="main"><div role="grid"><div role="button" class="zz9">Customer call</div></div></div>',
    );
    health.check();
    advance(29_999);
    health.check();
    expect(report).not.toHaveBeenCalled();
    advance(1);
    health.check();
    advance(60_000);
    health.check();
    expect(report.mock.calls).toEqual([['missing']]);
  });

  it('says once that the page is recognised, and reports a miss and the recovery after it once each', () => {
    const { health, report, advance } = setup(eventPopupNoIdHtml({ title: 'Call' }));
    health.check();
    advance(120_000);
    health.check();
    expect(report.mock.calls).toEqual([['ok']]);
    document.body.innerHTML = '<div role="main">changed</div>';
    health.check();
    advance(30_000);
    health.check();
    document.body.innerHTML = '<div data-eventid="e1" role="button">Call</div>';
    health.check();
    health.check();
    expect(report.mock.calls).toEqual([['ok'], ['missing'], ['ok']]);
    // Gone again: not reported a second time on this page.
    document.body.innerHTML = '<div role="main">changed</div>';
    health.check();
    advance(60_000);
    health.check();
    expect(report.mock.calls).toHaveLength(3);
  });

  it("an empty week (days, no events) is recognised; Calendar's settings pages are not judged", () => {
    const { health, report, advance } = setup('<div role="grid"><div role="gridcell" data-datekey="27500"></div></div>');
    health.check();
    advance(60_000);
    health.check();
    expect(report.mock.calls).toEqual([['ok']]);
    document.body.innerHTML = '<div role="main">Settings</div>';
    const win = window as unknown as { happyDOM: { setURL(url: string): void } };
    win.happyDOM.setURL('https://calendar.google.com/calendar/u/0/r/settings/general');
    expect(googleCalendarPage.inCalendar(document)).toBe(false);
    win.happyDOM.setURL('https://calendar.google.com/calendar/u/0/r/week');
    expect(googleCalendarPage.inCalendar(document)).toBe(true);
  });

  it('a slow page that shows its events within the grace period is never reported', () => {
    const { health, report, advance } = setup('<div role="main">Loading…</div>');
    health.check();
    advance(20_000);
    document.body.innerHTML = '<div data-eventid="e1" role="button">Call</div>';
    health.check();
    advance(60_000);
    health.check();
    expect(report.mock.calls).toEqual([['ok']]);
  });
});
