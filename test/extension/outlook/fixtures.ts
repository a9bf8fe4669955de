import { readFileSync } from 'node:fs';
import path from 'node:path';
import { escapeHtml, fillFixture, type FixtureEvent } from '../calendar/fixtures.ts';

// Paths from the repository root: the DOM test environment rewrites `import.meta.url`.
const FIXTURES_DIR = path.resolve('test/extension/outlook');
const read = (name: string) => readFileSync(path.join(FIXTURES_DIR, name), 'utf8');
const fill = (template: string, event: FixtureEvent) => fillFixture(template, event, {}, 'AAMkAGI2');

/** Outlook's event card (peek) for `event`. */
export const outlookCardHtml = (event: FixtureEvent) => fill(read('event-card.html'), event);
/** An Outlook event opened on its own, read-only (a guest's view). */
export const outlookReadingHtml = (event: FixtureEvent) => fill(read('event-reading.html'), event);
/** Outlook's event composer for `event`. */
export const outlookComposerHtml = (event: FixtureEvent) => fill(read('event-composer.html'), event);

/** A link in an event body the way Outlook shows it with Safe Links on. */
export const safeLinkHtml = (url: string) =>
  `<a href="https://eur02.safelinks.protection.outlook.com/?url=${encodeURIComponent(url)}&amp;data=05%7C02%7C&amp;reserved=0" target="_blank" rel="noopener noreferrer">${escapeHtml(url)}</a>`;
