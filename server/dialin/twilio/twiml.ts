/**
 * The few TwiML verbs dial-in needs, as strings. Every text and attribute is
 * XML-escaped; nothing a caller sends is ever put in a response unescaped.
 */

const escapeXml = (text: string) =>
  text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);

const attributes = (attrs: Record<string, string | number | boolean>) =>
  Object.entries(attrs)
    .map(([name, value]) => ` ${name}="${escapeXml(String(value))}"`)
    .join('');

export const twimlResponse = (...verbs: string[]) => `<?xml version="1.0" encoding="UTF-8"?><Response>${verbs.join('')}</Response>`;

export const say = (text: string) => `<Say>${escapeXml(text)}</Say>`;

export const hangup = () => '<Hangup/>';

/** Silence on the line. */
export const pause = (seconds: number) => `<Pause${attributes({ length: seconds })}/>`;

/** Asks Twilio to fetch its next instructions from `url` (signed like every webhook). */
export const redirect = (url: string) => `<Redirect${attributes({ method: 'POST' })}>${escapeXml(url)}</Redirect>`;

/** Collects keypad digits and posts them (`Digits`) to `action`; posts even when nothing was typed. */
export const gatherDigits = (options: { action: string; numDigits: number; timeoutSeconds: number }, ...nested: string[]) =>
  `<Gather${attributes({
    input: 'dtmf',
    action: options.action,
    method: 'POST',
    numDigits: options.numDigits,
    finishOnKey: '#',
    timeout: options.timeoutSeconds,
    actionOnEmptyResult: true,
  })}>${nested.join('')}</Gather>`;

/** A bidirectional Media Stream; the call stays in `<Connect>` until the socket closes. */
export const connectStream = (url: string, parameters: Record<string, string>) =>
  `<Connect><Stream${attributes({ url })}>${Object.entries(parameters)
    .map(([name, value]) => `<Parameter${attributes({ name, value })}/>`)
    .join('')}</Stream></Connect>`;
