import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/server/test-app.ts';
import { createMailer } from './mailer.ts';

/** The invitation through a real SMTP server on loopback, parsed back from the wire. */
describe('invitation email over SMTP', () => {
  const received: ParsedMail[] = [];
  let smtp: SMTPServer;
  let port = 0;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    port = (smtp.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => smtp.close(resolve)));

  it('delivers name, link and an .ics calendar entry', async () => {
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, mailFrom: 'Meetings <meet@example.com>', dataDir: '/tmp' });
    const { app } = createTestApp({ publicUrl: 'https://meet.example.com' }, { mailer });
    const call = (method: string, path: string, body?: unknown, cookie = '') =>
      app.request(path, {
        method,
        headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', cookie },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const signup = await call('POST', '/api/auth/signup', { email: 'hanna@example.com', password: 'long password 1', name: 'Hanna Host' });
    const cookie = signup.headers.get('set-cookie')!.split(';')[0]!;
    const meeting = await (
      await call('POST', '/api/meetings', { title: 'Pension check', startsAt: '2026-12-03T14:30:00Z', durationMinutes: 45 }, cookie)
    ).json();
    const res = await call(
      'POST',
      `/api/meetings/${meeting.id}/invites`,
      { guestName: 'Gus Guest', guestEmail: 'gus@example.org', timeZone: 'Europe/Berlin' },
      cookie,
    );
    const invite = await res.json();
    expect(invite.state).toBe('sent');

    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value[0] : null).toEqual({ name: 'Gus Guest', address: 'gus@example.org' });
    expect(mail.subject).toContain('Pension check');
    expect(mail.text).toContain('Hello Gus Guest');
    expect(mail.text).toContain('Hanna Host invites you');
    expect(mail.text).toContain('Thursday, 3 December 2026, 15:30 – 16:15 CET (Europe/Berlin)');
    expect(invite.url).toMatch(/^https:\/\/meet\.example\.com\/m\/[A-Za-z0-9]+\?invite=/);
    expect(mail.text).toContain(invite.url);
    expect(mail.html).toContain('Join the call');

    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(ics).toBeDefined();
    const body = ics!.content.toString('utf8').replace(/\r\n[ \t]/g, '');
    expect(body).toContain('BEGIN:VEVENT');
    expect(body).toContain('METHOD:REQUEST');
    expect(body).toContain('DTSTART:20261203T143000Z');
    expect(body).toContain('SUMMARY:Pension check');
    expect(body).toContain(invite.url);
    expect(body).toMatch(/ORGANIZER;CN="?Hanna Host"?:mailto:hanna@example.com/i);
    expect(body).toMatch(/ATTENDEE;.*CN="?Gus Guest"?:mailto:gus@example.org/i);
  });
});
