import { createMeeting, signInContext, signUpHost } from '../e2e/harness/accounts.ts';
import { launchBrowser, openParticipant } from '../e2e/harness/browser.ts';
import { joinAs, waitForRemoteVideos } from '../e2e/harness/room.ts';
import { startServer } from '../e2e/harness/server.ts';
import { installJoinProbe } from './probes.ts';
import { median, percentile, type BenchRow } from './table.ts';
import { leaveTheCall } from './zero-think-guest.ts';

export interface JoinTimeOptions {
  /** Server environment (e.g. TURN and ICE_TRANSPORT_POLICY=relay). */
  env?: Record<string, string>;
  /** Says how the call was set up, in the metric's name (e.g. "relay-only through coturn"). */
  label?: string;
}

/** Click on Join → first decoded frame of a remote video, on loopback, against one participant already in the call. */
export async function benchJoinTime(runs = 10, { env = {}, label }: JoinTimeOptions = {}): Promise<BenchRow[]> {
  const server = await startServer(env);
  const browser = await launchBrowser();
  try {
    const account = await signUpHost(server);
    const meeting = await createMeeting(server, account, 'Bench');
    const url = meeting.guestUrl;
    const host = await openParticipant(browser, meeting.hostUrl, (context) => signInContext(context, server, account));
    await joinAs(host.page, 'Host');
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const guest = await openParticipant(browser, url, { beforeLoad: installJoinProbe });
      // Let the pre-join screen settle as a person would (camera on, name typed).
      await guest.page.waitForFunction(() => ((document.querySelector('video') as HTMLVideoElement | null)?.videoWidth ?? 0) > 0, {
        polling: 100,
      });
      try {
        await joinAs(guest.page, `Guest ${i + 1}`);
        await waitForRemoteVideos(guest.page, 1);
      } catch (error) {
        throw new Error(`join ${i + 1} failed: ${(error as Error).message}\n${guest.logs.join('\n')}`);
      }
      const ms = await guest.page.evaluate(() => {
        const click = performance.getEntriesByName('join:click')[0];
        const frame = performance.getEntriesByName('call:first-remote-frame')[0];
        return click && frame ? frame.startTime - click.startTime : NaN;
      });
      times.push(ms);
      await leaveTheCall(guest.page);
      await guest.context.close();
    }
    const med = median(times);
    const how = label ? `, ${label}` : '';
    return [
      {
        metric: `join → first remote frame${how}, median (${runs} joins)`,
        value: `${med.toFixed(0)} ms`,
        target: '< 500 ms',
        ok: med < 500,
      },
      { metric: `join → first remote frame${how}, p90`, value: `${percentile(times, 90).toFixed(0)} ms` },
    ];
  } finally {
    await browser.close();
    await server.stop();
  }
}
