import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/server/test-app.ts';

/** Cross-site request forgery against body-less POSTs that change state (issue 17, item 6). */
describe('same-origin check on state-changing requests', () => {
  async function setup() {
    const t = createTestApp({ publicUrl: 'https://meet.example.org' });
    const host = await t.signUp();
    const meeting = await t.createMeeting(host.headers);
    const cookie = host.headers.cookie!;
    const link = async () => (await t.storage.dump()).meetings[0]!.linkToken;
    const post = (path: string, headers: Record<string, string>) => t.app.request(path, { method: 'POST', headers });
    return { ...t, cookie, meetingId: meeting.id, link, post };
  }

  it.each<[string, Record<string, string>]>([
    ['Origin of another port on the same host', { origin: 'https://meet.example.org:8443' }],
    ['Origin of a sibling subdomain', { origin: 'https://evil.example.org' }],
    ['Origin null (a sandboxed frame or a data: page)', { origin: 'null' }],
    ['Sec-Fetch-Site same-site', { 'sec-fetch-site': 'same-site' }],
    ['Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['neither header, with the session cookie', {}],
  ])('refuses a cookie request with %s, and changes nothing', async (_what, headers) => {
    const t = await setup();
    const before = await t.link();
    for (const path of [`/api/meetings/${t.meetingId}/link`, `/api/meetings/${t.meetingId}/end`, '/api/auth/signout']) {
      const res = await t.post(path, { cookie: t.cookie, ...headers });
      expect(res.status, path).toBe(403);
      expect((await res.json()).error.code).toBe('forbidden');
    }
    expect(await t.link()).toBe(before);
    expect((await t.app.request('/api/auth/me', { headers: { cookie: t.cookie } })).status).toBe(200);
  });

  it.each<[string, Record<string, string>]>([
    ['our own Origin (PUBLIC_URL)', { origin: 'https://meet.example.org' }],
    ['the Origin of the address it came to', { origin: 'http://localhost' }],
    ['Sec-Fetch-Site same-origin', { 'sec-fetch-site': 'same-origin' }],
  ])('lets a cookie request with %s through', async (_what, headers) => {
    const t = await setup();
    const before = await t.link();
    expect((await t.post(`http://localhost/api/meetings/${t.meetingId}/link`, { cookie: t.cookie, ...headers })).status).toBe(200);
    expect(await t.link()).not.toBe(before);
  });

  it('lets through what a page cannot forge: a bearer token, and requests without the cookie (the extension signing in)', async () => {
    const t = await setup();
    const extension = await t.app.request('/api/auth/signin', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'chrome-extension://abcdefghijklmnop' },
      body: JSON.stringify({ email: 'host@example.com', password: 'correct horse battery', wantToken: true }),
    });
    expect(extension.status).toBe(200);
    const signin = await t.json('POST', '/api/auth/signin', {
      email: 'host@example.com',
      password: 'correct horse battery',
      wantToken: true,
    });
    const { token } = await signin.json();
    expect((await t.post(`/api/meetings/${t.meetingId}/link`, { authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await t.post('/api/auth/signout', {})).status).toBe(204);
  });

  it('leaves reads alone, wherever they come from', async () => {
    const t = await setup();
    expect((await t.app.request('/api/meetings', { headers: { cookie: t.cookie, origin: 'https://evil.example.org' } })).status).toBe(200);
  });
});
