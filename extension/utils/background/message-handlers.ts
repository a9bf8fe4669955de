import type { AuthService } from '../auth/auth-service.ts';
import { calendarHealthItem, recordCalendarHealth } from '../calendar-health/calendar-health.ts';
import type { MeetingsService } from '../meetings/meetings-service.ts';
import { onMessage } from '../messaging/protocol.ts';
import type { TabShareService } from '../tab-share/tab-share-service.ts';

export interface BackgroundServices {
  auth: AuthService;
  meetings: MeetingsService;
  tabShare: TabShareService;
}

/** The background's answers to the popup, the options page and the Calendar content script. */
export function registerMessageHandlers({ auth, meetings, tabShare }: BackgroundServices): void {
  onMessage('getAuthStatus', () => auth.status());
  onMessage('signIn', ({ data }) => auth.signIn(data));
  onMessage('signOut', () => auth.signOut());
  onMessage('todaysMeetings', () => meetings.today());
  onMessage('createMeeting', ({ data }) => meetings.create(data));
  onMessage('createMeetingNow', () => meetings.createNow());
  onMessage('getTabShareStatus', () => tabShare.status());
  onMessage('shareTab', ({ data }) => tabShare.shareTab(data));
  onMessage('cancelTabShare', () => tabShare.cancel());
  onMessage('reportCalendarHealth', ({ data }) => recordCalendarHealth(data));
  onMessage('getCalendarHealth', () => calendarHealthItem.getValue());
}
