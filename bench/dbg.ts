import { launchBrowser, openParticipant } from '../e2e/harness/browser';
import { joinAs } from '../e2e/harness/room';
import { api, startServer } from '../e2e/harness/server';
const server = await startServer();
const browser = await launchBrowser();
for (let round = 0; round < 8; round++) {
  const meeting = await api(server, 'POST', '/api/meetings', { title: 'B', startsAt: new Date().toISOString(), durationMinutes: 60 });
  const url = `${server.url}/m/${meeting.body.id}`;
  const ps = [];
  for (const name of ['A', 'B', 'C']) {
    const p = await openParticipant(browser, url);
    try { await joinAs(p.page, name); } catch (e) {
      console.log('FAIL round', round, name, p.logs, await p.page.evaluate(() => document.body.innerText));
      console.log(server.output().slice(-2000));
      process.exit(1);
    }
    ps.push(p);
  }
  console.log('round ok', round);
  for (const p of ps) await p.context.close();
}
await browser.close(); await server.stop();
