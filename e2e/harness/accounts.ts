import type { BrowserContext } from 'puppeteer-core';
import { FEATURE_NAMES } from '../../shared/api/auth.ts';
import { askAdminSocket } from '../../server/admin/admin-client.ts';
import { adminSocketPath } from '../../server/admin/admin-protocol.ts';
import { api, type RunningServer } from './server.ts';

export const HOST_PASSWORD = 'host password 123';

export interface HostAccount {
  email: string;
  name: string;
  /** `sid=…` */
  cookie: string;
}

/** Signs a user up through the API and returns their session cookie. */
export async function signUpHost(
  server: Pick<RunningServer, 'url'>,
  name = 'Hanna Host',
  email = `host-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`,
): Promise<HostAccount> {
  const res = await api(server, 'POST', '/api/auth/signup', { email, password: HOST_PASSWORD, name });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { email, name, cookie: res.headers.get('set-cookie')!.split(';')[0]! };
}

/**
 * Creates a meeting for the host; returns its id, the host's room URL and the guest link.
 * Without a waiting room unless asked (the product's default is on; most suites test other things);
 * `mediaMode` pins the meeting to the mesh or the SFU.
 */
export async function createMeeting(
  server: Pick<RunningServer, 'url'>,
  host: HostAccount,
  title = 'Customer call',
  options: { waitingRoom?: boolean; mediaMode?: 'auto' | 'mesh' | 'sfu' } = {},
) {
  const headers = { cookie: host.cookie };
  const body = {
    title,
    startsAt: new Date().toISOString(),
    durationMinutes: 60,
    waitingRoom: options.waitingRoom ?? false,
    ...(options.mediaMode ? { mediaMode: options.mediaMode } : {}),
  };
  const meeting = await api(server, 'POST', '/api/meetings', body, headers);
  if (meeting.status !== 201) throw new Error(`create meeting failed: ${meeting.status}`);
  const invites = await api(server, 'GET', `/api/meetings/${meeting.body.id}/invites`, undefined, headers);
  return {
    id: meeting.body.id as string,
    hostUrl: `${server.url}/m/${meeting.body.id}`,
    guestUrl: (invites.body.link as string).replace(/^https?:\/\/[^/]+/, server.url),
  };
}

/** Puts the host's session cookie into a browser context. */
export async function signInContext(context: BrowserContext, _server: RunningServer, host: HostAccount) {
  const [name, value] = host.cookie.split('=') as [string, string];
  await context.setCookie({ name, value, domain: 'localhost', path: '/', httpOnly: true, sameSite: 'Lax' });
}

/**
 * Switches account features (add-ons, beta) for the host, as an operator does with
 * `npm run admin -- enable <email> <feature>`: through the running server's admin socket.
 */
export async function setFeatures(server: RunningServer, host: HostAccount, features: { backgroundBlur?: boolean; recording?: boolean }) {
  for (const feature of FEATURE_NAMES) {
    const on = features[feature];
    if (on !== undefined)
      await askAdminSocket(adminSocketPath(server.dataDir), { command: 'set', email: host.email, feature, on, osUser: 'e2e' });
  }
}
