import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { newId } from '../lib/ids.ts';
import { logFor } from '../lib/log.ts';

const logger = logFor('mail');

export type OutgoingMail = Mail.Options;

export interface Mailer {
  /** Sends the message; resolves with where it went (SMTP message id or outbox file). */
  send(message: OutgoingMail): Promise<{ id: string }>;
  describe(): string;
}

export interface MailerConfig {
  smtpUrl: string | null;
  mailFrom: string;
  dataDir: string;
}

/**
 * SMTP through nodemailer when `SMTP_URL` is set; otherwise every message is
 * written as an `.eml` file under `DATA_DIR/outbox/` (and the path logged), so a
 * fresh install works without a mail server.
 */
export function createMailer(config: MailerConfig, log: (line: string) => void = (line) => logger.info(line)): Mailer {
  if (config.smtpUrl) {
    const transport = nodemailer.createTransport(config.smtpUrl);
    return {
      describe: () => `SMTP ${new URL(config.smtpUrl!).host}`,
      async send(message) {
        const info = await transport.sendMail({ from: config.mailFrom, ...message });
        return { id: info.messageId };
      },
    };
  }
  const outbox = path.join(config.dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    describe: () => `outbox folder ${outbox}`,
    async send(message) {
      const info = await transport.sendMail({ from: config.mailFrom, ...message });
      await mkdir(outbox, { recursive: true });
      const to = recipientOf(message.to);
      // Unique whatever arrives at once: time, a random part, and never an overwrite ('wx').
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const file = path.join(outbox, `${stamp}-${newId(8)}-${to.replace(/[^A-Za-z0-9@._-]+/g, '_').slice(0, 80)}.eml`);
      await writeFile(file, info.message as Buffer, { flag: 'wx' });
      log(`mail to ${to} written to ${file}`);
      return { id: file };
    },
  };
}

/** The first recipient's address, whatever form nodemailer was given (`"a@b"`, `{ name, address }`, a list). */
export function recipientOf(to: Mail.Options['to']): string {
  let first: unknown = to;
  while (Array.isArray(first)) first = first[0];
  if (typeof first === 'string') return first;
  return (first as { address?: string } | undefined)?.address ?? 'unknown';
}
