import { createMeeting, signInContext, signUpHost } from '../e2e/harness/accounts';
import { launchBrowser, openParticipant } from '../e2e/harness/browser';
import { startCoturn } from '../e2e/harness/coturn';
import { joinAs, waitForRemoteVideos } from '../e2e/harness/room';
import { startServer } from '../e2e/harness/server';
const coturn = await startCoturn();
const browser = await launchBrowser();
for (const [name, env] of [['ok', coturn.serverEnv()], ['refused', coturn.serverEnv({ secret: 'wrong' })]] as const) {
  const server = await startServer(env);
  const account = await signUpHost(server);
  const meeting = await createMeeting(server, account, 'Shot');
  const host = await openParticipant(browser, meeting.hostUrl, { prepare: (c) => signInContext(c, server, account) });
  await host.page.setViewport({ width: 1100, height: 700 });
  await joinAs(host.page, 'Hanna');
  const guest = await openParticipant(browser, meeting.guestUrl);
  await joinAs(guest.page, 'Gus');
  if (name === 'ok') { await waitForRemoteVideos(host.page, 1); await host.page.waitForSelector('[data-quality]:not([data-self] *)'); }
  else await host.page.waitForSelector('[data-connection=failed]');
  await new Promise((r) => setTimeout(r, 4500));
  await host.page.screenshot({ path: `/tmp/exp/${name}.png` });
  await host.context.close(); await guest.context.close();
  await server.stop();
}
await browser.close();
await coturn.stop();
