import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';

/**
 * `node bench/intl-first-use.ts`: what a renderer's first use of each Intl formatter costs its main
 * thread, each in a fresh page (Chromium loads the platform's locale data on first use). Why the
 * pre-join page writes its date and its whole numbers without Intl (pwa/src/i18n/medium-date-time.ts,
 * plain-integer.ts). Not a benchmark row: a tool for reading the page's first milliseconds.
 */
const uses = {
  'Intl.PluralRules': () => new Intl.PluralRules('en').select(1),
  'Intl.DateTimeFormat (medium date, short time)': () =>
    new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date()),
  'Intl.NumberFormat': () => new Intl.NumberFormat('en').format(5),
  'Number.prototype.toLocaleString': () => (42).toLocaleString('en'),
  'String.prototype.localeCompare': () => 'a'.localeCompare('b'),
  'Intl.Collator': () => new Intl.Collator('en').compare('a', 'b'),
};
const browser = await launchBrowser();
try {
  for (const [name, use] of Object.entries(uses)) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const p = await openParticipant(browser, 'about:blank');
      const took = await p.page.evaluate(`(() => { const s = performance.now(); (${use.toString()})(); return performance.now() - s; })()`);
      times.push(took as number);
      await p.context.close();
    }
    console.log(`${name.padEnd(48)} ${times.map((t) => t.toFixed(1)).join(', ')} ms`);
  }
} finally {
  await browser.close();
}
