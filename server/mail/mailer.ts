import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';

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
export function createMailer(config: MailerConfig, log: (line: string) => void = console.log): Mailer {
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
      const safeTo = String(message.to ?? 'unknown').replace(/[^A-Za-z0-9@._-]+/g, '_').slice(0, 80);
      const file = path.join(outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${safeTo}.eml`);
      await writeFile(file, info.message as Buffer);
      log(`mail to ${String(message.to)} written to ${file}`);
      return { id: file };
    },
  };
}
