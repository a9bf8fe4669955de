import { formatterCache } from './formatter-cache.ts';
import { formatPlainInteger } from './plain-integer.ts';

/** A message: a text with `{name}` placeholders, or plural forms chosen by `{count}` (Intl.PluralRules). */
export type Plural = { one: string; other: string; zero?: string };
export type Message = string | Plural;

/** The placeholders of a text: `'Hello {name}, {n} new'` → `'name' | 'n'`. */
type PlaceholdersOf<S> = S extends `${string}{${infer P}}${infer Rest}` ? P | PlaceholdersOf<Rest> : never;
export type ParamsOf<M> = M extends Plural
  ? { count: number } & Record<PlaceholdersOf<M['other']>, string | number>
  : Record<PlaceholdersOf<M>, string | number>;

/** Plural rules and number formats, one per language. */
const intl = formatterCache();
const pluralRule = (locale: string) => intl.get(`plural ${locale}`, () => new Intl.PluralRules(locale));

/** Fills a message's placeholders; a plural message picks its form for `params.count` in `locale`. */
export function formatMessage(locale: string, message: Message, params: Record<string, string | number> = {}): string {
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const count = Number(params.count ?? 0);
    const category = count === 0 && message.zero !== undefined ? 'zero' : pluralRule(locale).select(count);
    text = (category === 'one' ? message.one : category === 'zero' ? message.zero : undefined) ?? message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value, locale) : value;
  });
}

/** A whole number without Intl (plain-integer.ts: its first use costs the page 15–25 ms); anything else through one Intl.NumberFormat per language. */
const formatNumber = (value: number, locale: string): string =>
  formatPlainInteger(value, locale) ?? intl.get(`number ${locale}`, () => new Intl.NumberFormat(locale)).format(value);

/** The placeholder names of a message, every form included (for the catalogue tests). */
export function placeholdersOf(message: Message): string[] {
  const texts = typeof message === 'string' ? [message] : Object.values(message);
  const names = new Set<string>();
  for (const text of texts) for (const m of text.matchAll(/\{(\w+)\}/g)) names.add(m[1]!);
  return [...names].sort();
}

/**
 * Like `formatMessage`, but a placeholder may stand for any value (a link, a `<code>`): the text in
 * pieces with the values between them, for JSX to render (`Are you the host? {link} and press …`).
 */
export function formatParts<T>(locale: string, message: Message, params: Record<string, T | string | number>): Array<T | string> {
  const text = formatMessage(locale, message, Object.fromEntries(Object.entries(params).filter(([, v]) => isPlain(v))) as never);
  const parts: Array<T | string> = [];
  let last = 0;
  for (const m of text.matchAll(/\{(\w+)\}/g)) {
    const value = params[m[1]!];
    if (value === undefined || isPlain(value)) continue;
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push(value);
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function isPlain(value: unknown): value is string | number {
  return typeof value === 'string' || typeof value === 'number';
}
