import type { Mailer, OutgoingMail } from '../../server/mail/mailer.ts';

/** Keeps messages in memory (tests); `failWith` makes every send fail with that message. */
export function createMemoryMailer() {
  const sent: OutgoingMail[] = [];
  let failure: string | null = null;
  const mailer: Mailer & { sent: OutgoingMail[]; failWith(message: string | null): void } = {
    sent,
    failWith: (message) => void (failure = message),
    describe: () => 'memory',
    async send(message) {
      if (failure) throw new Error(failure);
      sent.push(message);
      return { id: `memory-${sent.length}` };
    },
  };
  return mailer;
}
