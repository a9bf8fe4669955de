import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { sendMessage } from '../messaging/protocol.ts';
import { serverOriginItem } from '../storage/items.ts';
import { createCalendarIntegration } from './calendar-integration.ts';
import type { CalendarPage } from './calendar-page.ts';
import { createSelectorHealth, SELECTOR_HEALTH_GRACE_MS } from './selector-health.ts';

const HEALTH_CHECK_EVERY_MS = 5_000;

/**
 * Starts a calendar's integration for the extension's server, and its selector health check; stops
 * when the content script is invalidated.
 */
export async function startCalendarContent(ctx: ContentScriptContext, doc: Document, page: CalendarPage): Promise<void> {
  const origin = await serverOriginItem.getValue();
  if (ctx.isInvalid) return;
  const calendar = createCalendarIntegration({
    doc,
    page,
    origin,
    createMeeting: (body) => sendMessage('createMeeting', body),
  });
  ctx.onInvalidated(calendar.watch());
  ctx.onInvalidated(serverOriginItem.watch((next) => calendar.setOrigin(next)));
  const health = createSelectorHealth({
    inCalendar: () => page.inCalendar(doc),
    recognises: () => page.recognises(doc),
    report: (state) => void sendMessage('reportCalendarHealth', { calendar: page.id, name: page.name, state }).catch(() => undefined),
    graceMs: SELECTOR_HEALTH_GRACE_MS,
  });
  ctx.setInterval(() => health.check(), HEALTH_CHECK_EVERY_MS);
}
