import type { Locale } from '../../shared/locales.ts';

/** How dates are written in each email language (en: British day-month order, as before languages). */
export const DATE_LOCALE: Record<Locale, string> = { en: 'en-GB', nl: 'nl-NL', de: 'de-DE' };

/** The invitation email's words in each language; the guest reads them, so polite ("u", "Sie"). */
export interface InviteEmailTexts {
  hello: (guest: string) => string;
  invites: (host: string) => string;
  when: string;
  joinFromBrowser: string;
  byPhone: (number: string, pin: string) => string;
  seeYou: string;
  joinButton: string;
  orOpen: string;
  nothingToInstall: string;
  subject: string;
  icsJoin: string;
  icsPhone: (number: string, pin: string) => string;
}

export const INVITE_EMAIL_TEXTS: Record<Locale, InviteEmailTexts> = {
  en: {
    hello: (guest) => `Hello ${guest},`,
    invites: (host) => `${host} invites you to a video call:`,
    when: 'When',
    joinFromBrowser: 'Join from your browser (nothing to install):',
    byPhone: (number, pin) => `No internet at hand? Dial ${number} and enter the PIN ${pin}#.`,
    seeYou: 'See you soon,',
    joinButton: 'Join the call',
    orOpen: 'Or open this link:',
    nothingToInstall: 'Nothing to install: it runs in your browser.',
    subject: 'Invitation',
    icsJoin: 'Join the video call',
    icsPhone: (number, pin) => `By phone: ${number}, PIN ${pin}`,
  },
  nl: {
    hello: (guest) => `Beste ${guest},`,
    invites: (host) => `${host} nodigt u uit voor een videogesprek:`,
    when: 'Wanneer',
    joinFromBrowser: 'Neem deel via uw browser (u hoeft niets te installeren):',
    byPhone: (number, pin) => `Geen internet bij de hand? Bel ${number} en voer de pincode ${pin}# in.`,
    seeYou: 'Tot snel,',
    joinButton: 'Deelnemen aan het gesprek',
    orOpen: 'Of open deze link:',
    nothingToInstall: 'U hoeft niets te installeren: het werkt in uw browser.',
    subject: 'Uitnodiging',
    icsJoin: 'Deelnemen aan het videogesprek',
    icsPhone: (number, pin) => `Telefonisch: ${number}, pincode ${pin}`,
  },
  de: {
    hello: (guest) => `Guten Tag ${guest},`,
    invites: (host) => `${host} lädt Sie zu einem Videogespräch ein:`,
    when: 'Wann',
    joinFromBrowser: 'Nehmen Sie über Ihren Browser teil (keine Installation nötig):',
    byPhone: (number, pin) => `Kein Internet zur Hand? Wählen Sie ${number} und geben Sie die PIN ${pin}# ein.`,
    seeYou: 'Bis bald,',
    joinButton: 'Am Gespräch teilnehmen',
    orOpen: 'Oder öffnen Sie diesen Link:',
    nothingToInstall: 'Keine Installation nötig: Es läuft in Ihrem Browser.',
    subject: 'Einladung',
    icsJoin: 'Am Videogespräch teilnehmen',
    icsPhone: (number, pin) => `Per Telefon: ${number}, PIN ${pin}`,
  },
};
