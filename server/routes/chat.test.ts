import { describe, expect, it } from 'vitest';
import { chatHistory } from '../../test/server/chat-history.ts';
import { CHAT_PAGE_DEFAULT, PARTICIPANT_ID_HEADER, PARTICIPANT_TOKEN_HEADER } from '../../shared/api/chat.ts';
import { DEVICE_ID_HEADER } from '../../shared/api/host-controls.ts';
import { INVITE_HEADER } from '../../shared/api/invites.ts';
import { LIMITS } from '../limits/limits.ts';
import { MEDIA_CHECK_BATCH_MAX } from '../../shared/media-check.ts';
import { createTestApp } from '../../test/server/test-app.ts';

const CHROME_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

async function room(overrides: Parameters<typeof createTestApp>[0] = {}) {
  const t = createTestApp(overrides);
  const host = await t.signUp();
  const meeting = await t.createMeeting(host.headers);
  const invite = await t.guestLink(host.headers, meeting.id);
  const base = `/api/meetings/${meeting.id}`;
  // Each participant in a browser of their own (the page sends its device id with every request).
  let browsers = 0;
  const join = async (access: Record<string, string>, name: string, ua = CHROME_UA) => {
    const headers = { ...access, [DEVICE_ID_HEADER]: `browser-of-participant-${++browsers}` };
    const res = await t.json('POST', `${base}/join`, { name }, { ...headers, 'user-agent': ua });
    const body = await res.json();
    t.hub.connect(meeting.id, body.participant.id, { send() {}, close() {} });
    return { ...headers, [PARTICIPANT_ID_HEADER]: body.participant.id, [PARTICIPANT_TOKEN_HEADER]: body.token } as Record<string, string>;
  };
  const hostP = await join(host.headers, 'Hanna');
  const guestP = await join({ [INVITE_HEADER]: invite }, 'Gus');
  return { ...t, meetingId: meeting.id, base, host, hostP, guestP, invite, join };
}

describe('chat API', () => {
  it("keeps every message of a meeting's worth of concurrent posts from 4 senders, in one order", async () => {
    const { json, base, hostP, guestP, join, invite } = await room();
    const g2 = await join({ [INVITE_HEADER]: invite }, 'G2');
    const g3 = await join({ [INVITE_HEADER]: invite }, 'G3');
    const senders = [hostP, guestP, g2, g3];
    const count = LIMITS.chatPerMeeting.max;
    const posts = Array.from({ length: count }, (_, i) => json('POST', `${base}/chat`, { text: `m${i}` }, senders[i % 4]));
    const results = await Promise.all(posts);
    expect(results.every((r) => r.status === 201)).toBe(true);
    const { messages } = await (await json('GET', `${base}/chat`, undefined, guestP)).json();
    const texts = messages.filter((m: { kind: string }) => m.kind === 'text');
    expect(texts).toHaveLength(count);
    expect(new Set(texts.map((m: { text: string }) => m.text)).size).toBe(count);
    const seqs = messages.map((m: { seq: number }) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a: number, b: number) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it.each([
    [{ text: '' }, 400, /empty/],
    [{ text: '   ' }, 400, /empty/],
    [{ text: 'x'.repeat(2001) }, 400, /at most 2000/],
    [{ text: 42 }, 400, /text/],
    [{ text: 'hi', html: '<b>' }, 400, /html/],
    ['{"text": ', 400, /JSON/i],
  ])('rejects %j and stores nothing', async (body, status, message) => {
    const { json, base, guestP, storage, meetingId } = await room();
    const before = (await chatHistory({ storage }, meetingId)).length;
    const res = await json('POST', `${base}/chat`, body, guestP);
    expect(res.status).toBe(status);
    expect((await res.json()).error.message).toMatch(message);
    expect(await chatHistory({ storage }, meetingId)).toHaveLength(before);
  });

  it('rate-limits one participant flooding the chat, not the others', async () => {
    const { json, base, guestP, hostP } = await room();
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) statuses.push((await json('POST', `${base}/chat`, { text: `flood ${i}` }, guestP)).status);
    expect(statuses.slice(0, 60).every((s) => s === 201)).toBe(true);
    expect(statuses[60]).toBe(429);
    expect((await json('POST', `${base}/chat`, { text: 'still fine' }, hostP)).status).toBe(201);
  });

  it('does not let joining again multiply the limit: per browser and per meeting too', async () => {
    const { json, base, join, invite, hostP } = await room();
    // One browser joining again and again (new participants, same device id).
    const sameBrowser = { [INVITE_HEADER]: invite, [DEVICE_ID_HEADER]: 'one-browser-many-joins' };
    let sent = 0;
    let refused = 0;
    for (let round = 0; round < 4; round++) {
      const again = await join(sameBrowser, `Again ${round}`);
      const asThatBrowser = { ...again, [DEVICE_ID_HEADER]: 'one-browser-many-joins' };
      for (let i = 0; i < 30; i++) {
        const status = (await json('POST', `${base}/chat`, { text: `again ${round}.${i}` }, asThatBrowser)).status;
        if (status === 201) sent++;
        else if (status === 429) refused++;
      }
    }
    expect(sent).toBe(LIMITS.chatPerDevice.max);
    expect(refused).toBe(120 - LIMITS.chatPerDevice.max);
    // Many browsers together stop at the meeting's limit; the host's own message counts in it too.
    const more = await Promise.all(Array.from({ length: 3 }, (_, i) => join({ [INVITE_HEADER]: invite }, `Many ${i}`)));
    const statuses = await Promise.all(
      Array.from({ length: 60 }, (_, i) => json('POST', `${base}/chat`, { text: `many ${i}` }, more[i % 3])),
    );
    expect(statuses.filter((r) => r.status === 201)).toHaveLength(LIMITS.chatPerMeeting.max - LIMITS.chatPerDevice.max);
    expect((await json('POST', `${base}/chat`, { text: 'host too' }, hostP)).status).toBe(429);
  });

  it('refuses posting without participant credentials, and reading without access', async () => {
    const { json, base, invite } = await room();
    expect((await json('POST', `${base}/chat`, { text: 'hi' }, { [INVITE_HEADER]: invite })).status).toBe(403);
    expect((await json('GET', `${base}/chat`)).status).toBe(403);
  });

  it('briefs the host about the guest device; the guest does not see the note', async () => {
    const { json, base, hostP, guestP } = await room();
    const hostView = (await (await json('GET', `${base}/chat`, undefined, hostP)).json()).messages;
    const note = hostView.find((m: { kind: string; text: string }) => m.kind === 'bot' && m.text.startsWith('Gus joined'));
    expect(note.text).toBe('Gus joined from Chrome 131 on Windows 10, desktop.');
    // The event itself, for the host's page to word in the host's language.
    expect(note.note).toEqual({
      type: 'guest-joined',
      name: 'Gus',
      device: {
        browser: 'Chrome',
        browserVersion: expect.stringMatching(/^131/),
        os: 'Windows',
        osVersion: '10',
        kind: 'desktop',
        model: null,
      },
    });
    expect(note.audience).toBe('host');
    const guestView = (await (await json('GET', `${base}/chat`, undefined, guestP)).json()).messages;
    expect(guestView.filter((m: { kind: string }) => m.kind === 'bot')).toEqual([]);
  });

  it('posts media-check steps and troubleshooting to the host only, and rejects bad reports', async () => {
    const { json, base, hostP, invite } = await room();
    const guest = { [INVITE_HEADER]: invite };
    expect(
      (
        await json(
          'POST',
          `${base}/media-check`,
          { type: 'step', checkId: 'check-123', name: 'Gus', step: 'camera', outcome: 'failed', detail: 'permission denied' },
          guest,
        )
      ).status,
    ).toBe(204);
    expect(
      (
        await json(
          'POST',
          `${base}/media-check`,
          {
            type: 'troubleshooting',
            checkId: 'check-123',
            problem: 'camera-denied',
            platform: 'Chrome on Windows',
            title: 'Allow the camera',
            steps: ['Click the camera icon', 'Choose Allow'],
          },
          guest,
        )
      ).status,
    ).toBe(204);
    expect(
      (await json('POST', `${base}/media-check`, { type: 'step', checkId: 'x', step: 'camera', outcome: 'failed' }, guest)).status,
    ).toBe(400);
    expect((await json('POST', `${base}/media-check`, { type: 'nope' }, guest)).status).toBe(400);
    const badKey = { type: 'step', checkId: 'check-123', step: 'camera', outcome: 'failed', detail: 'x', detailKey: 'errors.internal' };
    const refused = await json('POST', `${base}/media-check`, badKey, guest);
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.message).toMatch(/detailKey must be a check.detail key/);
    expect(
      (await json('POST', `${base}/media-check`, { type: 'step', checkId: 'check-123', step: 'camera', outcome: 'passed' })).status,
    ).toBe(403);
    const texts = (await (await json('GET', `${base}/chat`, undefined, hostP)).json()).messages.map((m: { text: string }) => m.text);
    expect(texts).toContain('Gus: camera FAILED (permission denied).');
    expect(texts).toContain('Gus was shown troubleshooting: "Allow the camera". 1. Click the camera icon 2. Choose Allow');
  });
});

describe('media-check reports in one request', () => {
  const step = (step: string, outcome: string) => ({ type: 'step', checkId: 'check-123', name: 'Gus', step, outcome });

  it('takes several reports in order, each a note for the host, as if sent one by one', async () => {
    const { json, base, hostP, invite } = await room();
    const guest = { [INVITE_HEADER]: invite };
    const reports = [step('started', 'running'), step('camera', 'running'), step('camera', 'passed'), step('microphone', 'failed')];
    expect((await json('POST', `${base}/media-check`, { reports }, guest)).status).toBe(204);
    const texts: string[] = (await (await json('GET', `${base}/chat`, undefined, hostP)).json()).messages.map(
      (m: { text: string }) => m.text,
    );
    expect(texts.filter((text) => text.startsWith('Gus:'))).toEqual([
      'Gus: media check started.',
      'Gus: camera checking….',
      'Gus: camera passed.',
      'Gus: microphone FAILED.',
    ]);
  });

  it('refuses an empty or an oversized batch, or one bad report in it, and then keeps none of it', async () => {
    const { json, base, hostP, invite } = await room();
    const guest = { [INVITE_HEADER]: invite };
    const empty = await json('POST', `${base}/media-check`, { reports: [] }, guest);
    expect(empty.status).toBe(400);
    expect((await empty.json()).error.message).toMatch(/at least one report/);
    const many = Array.from({ length: MEDIA_CHECK_BATCH_MAX + 1 }, () => step('camera', 'passed'));
    const tooMany = await json('POST', `${base}/media-check`, { reports: many }, guest);
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).error.message).toMatch(/at most 8 reports/);
    const oneBad = await json('POST', `${base}/media-check`, { reports: [step('camera', 'passed'), step('camera', 'exploded')] }, guest);
    expect(oneBad.status).toBe(400);
    const texts: string[] = (await (await json('GET', `${base}/chat`, undefined, hostP)).json()).messages.map(
      (m: { text: string }) => m.text,
    );
    expect(texts.filter((text) => text.startsWith('Gus:'))).toEqual([]);
  });

  it('counts every report of a batch against the address’s limit', async () => {
    const { json, base, invite } = await room();
    const guest = { [INVITE_HEADER]: invite };
    const batch = { reports: Array.from({ length: MEDIA_CHECK_BATCH_MAX }, () => step('camera', 'passed')) };
    const full = Math.floor(LIMITS.mediaCheckReportsPerIp.max / MEDIA_CHECK_BATCH_MAX);
    for (let i = 0; i < full; i++) expect((await json('POST', `${base}/media-check`, batch, guest)).status).toBe(204);
    const over = await json('POST', `${base}/media-check`, batch, guest);
    expect(over.status).toBe(429);
  });
});

describe('chat history in pages', () => {
  type Page = { messages: { text?: string; seq: number; kind: string }[]; hasEarlier: boolean };
  async function setup() {
    const t = await room();
    const page = async (who: Record<string, string>, query = '') => {
      const res = await t.json('GET', `${t.base}/chat${query}`, undefined, who);
      return { status: res.status, body: (await res.json()) as Page };
    };
    return { ...t, page };
  }

  it('gives the newest page first, then the one before it, oldest first within a page', async () => {
    const t = await setup();
    for (let i = 1; i <= 250; i++) await t.chat.notice(t.meetingId, { type: 'dialled-in', name: `caller ${i}` }, `notice ${i}`);
    const newest = (await t.page(t.guestP)).body;
    expect(newest.messages).toHaveLength(CHAT_PAGE_DEFAULT);
    expect(newest.hasEarlier).toBe(true);
    expect(newest.messages.at(-1)!.text).toBe('notice 250');
    expect(newest.messages[0]!.text).toBe('notice 151');
    const before = (await t.page(t.guestP, `?before=${newest.messages[0]!.seq}`)).body;
    expect(before.messages.map((m) => m.text)).toEqual(Array.from({ length: 100 }, (_, i) => `notice ${51 + i}`));
    const first = (await t.page(t.guestP, `?before=${before.messages[0]!.seq}&limit=200`)).body;
    expect(first.messages.map((m) => m.text)).toEqual(Array.from({ length: 50 }, (_, i) => `notice ${1 + i}`));
    expect(first.hasEarlier).toBe(false);
  });

  it("counts only what the reader may see: the host's assistant notes are not in a guest's pages", async () => {
    const t = await setup();
    for (let i = 1; i <= 30; i++) {
      await t.chat.botNote(t.meetingId, { type: 'dialled-in', name: `caller ${i}` }, `note ${i}`);
      await t.chat.notice(t.meetingId, { type: 'dialled-in', name: `caller ${i}` }, `notice ${i}`);
    }
    const guest = (await t.page(t.guestP, '?limit=20')).body;
    expect(guest.messages.every((m) => m.kind !== 'bot')).toBe(true);
    expect(guest.messages).toHaveLength(20);
    const host = (await t.page(t.hostP, '?limit=20')).body;
    expect(host.messages.filter((m) => m.kind === 'bot')).toHaveLength(10);
  });

  it.each(['?limit=0', '?limit=201', '?limit=ten', '?before=0', '?before=-3', '?before=x'])('refuses %s with 400', async (query) => {
    const t = await setup();
    expect((await t.page(t.guestP, query)).status).toBe(400);
  });
});

describe('files API', () => {
  const upload = (app: ReturnType<typeof createTestApp>['app'], url: string, body: Buffer | string, headers: Record<string, string>) =>
    app.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });

  it('stores an upload, detects its type from the content, and serves the same bytes to participants only', async () => {
    const { app, json, base, guestP, hostP } = await room();
    const res = await upload(app, `${base}/files?name=${encodeURIComponent('holiday photo.txt')}`, PNG, guestP);
    expect(res.status).toBe(201);
    const { message } = await res.json();
    expect(message.file).toMatchObject({ name: 'holiday photo.txt', size: PNG.length, mime: 'image/png' });
    const download = await app.request(`${base}/files/${message.file.id}`, { headers: hostP });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="holiday photo.txt"/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    const inline = await app.request(`${base}/files/${message.file.id}?inline=1`, { headers: hostP });
    expect(inline.headers.get('content-type')).toBe('image/png');
    expect(inline.headers.get('content-disposition')).toMatch(/^inline/);
    expect((await json('GET', `${base}/files/${message.file.id}`)).status).toBe(403);
  });

  it('treats HTML and SVG as text to download, never as a page', async () => {
    const { app, base, guestP } = await room();
    const res = await upload(app, `${base}/files?name=evil.html`, '<svg onload=alert(1)><script>alert(1)</script>', guestP);
    const { message } = await res.json();
    expect(message.file.mime).toBe('text/plain');
    const served = await app.request(`${base}/files/${message.file.id}?inline=1`, { headers: guestP });
    expect(served.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(served.headers.get('content-security-policy')).toContain('sandbox');
  });

  it('refuses files over the limit with 413 and keeps nothing', async () => {
    const { app, base, guestP, storage, meetingId, config } = await room({ fileMaxBytes: 1024 });
    const res = await upload(app, `${base}/files?name=big.bin`, Buffer.alloc(5000, 1), guestP);
    expect(res.status).toBe(413);
    expect((await res.json()).error.message).toMatch(/larger than/);
    expect((await chatHistory({ storage }, meetingId)).filter((m) => m.kind === 'file')).toEqual([]);
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(`${config.dataDir}/files/${meetingId}`).catch(() => [])).toEqual([]);
  });

  it.each([
    ['', /name/],
    ['a/b.txt', /not allowed/],
    ['x'.repeat(201), /at most 200/],
  ])('rejects the file name %j', async (name, message) => {
    const { app, base, guestP } = await room();
    const res = await upload(app, `${base}/files?name=${encodeURIComponent(name)}`, 'hello', guestP);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toMatch(message);
  });

  it('rejects an empty file and unknown file ids', async () => {
    const { app, json, base, guestP } = await room();
    expect((await upload(app, `${base}/files?name=empty.txt`, '', guestP)).status).toBe(400);
    expect((await json('GET', `${base}/files/AAAAAAAAAAAAAAAAAAAAAA`, undefined, guestP)).status).toBe(404);
    expect((await json('GET', `${base}/files/..%2F..%2Fdb.json`, undefined, guestP)).status).toBe(404);
  });
});
