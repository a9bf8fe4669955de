import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';

/**
 * `node bench/first-element-styles.ts [tries]`: what a page's first `<video>` and `<select>` cost in
 * style and layout (Chromium parses a UA stylesheet for each then), on a page doing nothing else:
 * cold, and after a hidden pair was styled first, as `ui/warm-up-element-styles.ts` does (the time
 * that took is printed too). A fresh browser context (a renderer of its own) per try. Not a
 * benchmark row: a tool for reading the join (docs/benchmarks.md, "A twenty-sixth session").
 */
const tries = Number(process.argv[2] ?? 2);
const browser = await launchBrowser();
try {
  for (let i = 0; i < tries; i++) {
    for (const warm of [false, true]) {
      const p = await openParticipant(browser, `data:text/html,${encodeURIComponent('<!doctype html><p>hello</p>')}`);
      const result = await p.page.evaluate(async (warmFirst: boolean) => {
        const forceLayout = () => document.body.offsetHeight;
        forceLayout();
        let warming = 0;
        if (warmFirst) {
          const start = performance.now();
          const hidden = [document.createElement('video'), document.createElement('select')];
          for (const element of hidden) {
            element.hidden = true;
            document.body.append(element);
          }
          for (const element of hidden) getComputedStyle(element).display;
          for (const element of hidden) element.remove();
          warming = performance.now() - start;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const start = performance.now();
        document.body.append(document.createElement('video'), document.createElement('select'));
        forceLayout();
        return { warming, first: performance.now() - start };
      }, warm);
      console.log(
        warm
          ? `after a hidden pair styled first (${result.warming.toFixed(1)} ms): ${result.first.toFixed(1)} ms`
          : `cold: the first <video> and <select>, style and layout ${result.first.toFixed(1)} ms`,
      );
      await p.context.close();
    }
  }
} finally {
  await browser.close();
}
process.exit(0);
