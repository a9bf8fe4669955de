import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';

/**
 * `node bench/click-latency.ts`: how long the floor bench's harness takes from a button becoming
 * enabled to its click landing (`waitForSelector` then `click`, as `ourTrial` in join-floor.ts
 * does) on a page that does nothing else: the part of "the click lands" that is the harness's own.
 * Not a benchmark row: a tool for reading the join rows.
 */
const html = `<!doctype html><button data-action=join disabled>Join</button><script>
document.addEventListener('click', () => performance.mark('join:click'), true);
setTimeout(() => { document.querySelector('button').disabled = false; performance.mark('join:enabled'); }, 300);
</script>`;
const browser = await launchBrowser();
try {
  const gaps: string[] = [];
  for (let i = 0; i < 6; i++) {
    const p = await openParticipant(browser, `data:text/html,${encodeURIComponent(html)}`);
    await (await p.page.waitForSelector('[data-action=join]:not([disabled])'))!.click();
    gaps.push(
      (
        await p.page.evaluate(
          () => performance.getEntriesByName('join:click')[0]!.startTime - performance.getEntriesByName('join:enabled')[0]!.startTime,
        )
      ).toFixed(1),
    );
    await p.context.close();
  }
  console.log(`enabled → click lands: ${gaps.join(', ')} ms`);
} finally {
  await browser.close();
}
