import type { Hono } from 'hono';
import { twilioSignature } from '../../server/dialin/twilio/signature.ts';

/** POSTs a voice webhook as Twilio would: form-encoded, signed over the public URL. */
export function twilioPoster(app: Pick<Hono, 'request'>, publicUrl: string, authToken: string) {
  return (pathAndQuery: string, params: Record<string, string>, signature?: string) =>
    app.request(`http://internal:3000${pathAndQuery}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': signature ?? twilioSignature(authToken, `${publicUrl}${pathAndQuery}`, Object.entries(params)),
      },
      body: new URLSearchParams(params).toString(),
    });
}

/** The `<Redirect>` a waiting caller's TwiML points at (path and query), or null. */
export const redirectOf = (xml: string, publicUrl: string) => {
  const match = /<Redirect method="POST">([^<]+)<\/Redirect>/.exec(xml);
  return match ? match[1]!.replace(/&amp;/g, '&').replace(publicUrl, '') : null;
};

/** The ticket in a `<Connect><Stream>`'s parameters, or null. */
export const ticketOf = (xml: string) => /name="ticket" value="([^"]+)"/.exec(xml)?.[1] ?? null;
