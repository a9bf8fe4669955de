import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendMessage } from '../messaging/protocol.ts';
import { serverOriginItem } from '../storage/items.ts';
import { createCalendarIntegration } from './calendar-integration.ts';

/** Starts the Calendar integration for the extension's server; stops when the content script is invalidated. */
export async function startCalendarContent(ctx: ContentScriptContext, doc: Document): Promise<void> {
  const origin = await serverOriginItem.getValue();
  if (ctx.isInvalid) return;
  const calendar = createCalendarIntegration({
    doc,
    origin,
    createMeeting: (body) => sendMessage('createMeeting', body),
  });
  ctx.onInvalidated(calendar.watch());
  ctx.onInvalidated(serverOriginItem.watch((next) => calendar.setOrigin(next)));
}
