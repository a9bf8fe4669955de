import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's request signature (`X-Twilio-Signature`): base64 HMAC-SHA1, keyed with
 * the account's auth token, of the full URL Twilio requested followed by every POST
 * parameter sorted by name, each name immediately followed by its value.
 */
export function twilioSignature(authToken: string, url: string, params: Iterable<readonly [string, string]>): string {
  const sorted = [...params].sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  let data = url;
  for (const [name, value] of sorted) data += name + value;
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * The URL as Twilio may have signed it: as given, and with the default port added or
 * removed (Twilio's own helper libraries accept both, since proxies differ on it).
 */
export function signedUrlVariants(url: string): string[] {
  const variants = new Set([url]);
  // By hand, not with URL: the URL parser drops a default port we must keep or add.
  const match = /^(https?):\/\/([^/?#]*?)(?::(\d+))?([/?#].*)?$/i.exec(url);
  if (match) {
    const [, scheme, host, port, rest = ''] = match;
    const defaultPort = scheme!.toLowerCase() === 'https' ? '443' : '80';
    if (port === undefined) variants.add(`${scheme}://${host}:${defaultPort}${rest}`);
    else if (port === defaultPort) variants.add(`${scheme}://${host}${rest}`);
  }
  return [...variants];
}

export function isValidTwilioSignature(
  authToken: string,
  url: string,
  params: readonly (readonly [string, string])[],
  signature: string | undefined,
): boolean {
  if (!signature) return false;
  const given = Buffer.from(signature);
  return signedUrlVariants(url).some((candidate) => {
    const expected = Buffer.from(twilioSignature(authToken, candidate, params));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
