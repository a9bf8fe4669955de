import { defineExtensionMessaging } from '@webext-core/messaging';
import type { User } from '@shared/api/auth';
import type { CreateMeetingBody } from '@shared/api/meetings';
import type { AuthStatus, SignInInput } from '../auth/auth-service.ts';
import type { CalendarHealth, CalendarHealthReport } from '../calendar-health/calendar-health.ts';
import type { MeetingWithLink } from '../meetings/meetings-service.ts';
import type { TabShareStatus } from '../tab-share/tab-share-service.ts';

/**
 * Every message the extension's own pages (popup, options) and content scripts send to the
 * background, with what it answers. Errors thrown by a handler reach the caller as errors with the
 * same message.
 */
export interface ProtocolMap {
  getAuthStatus(): AuthStatus;
  signIn(input: SignInInput): User;
  signOut(): void;
  todaysMeetings(): MeetingWithLink[];
  /** Calendar's "Add meeting room" and anything else that makes a meeting with a given time. */
  createMeeting(body: CreateMeetingBody): MeetingWithLink;
  createMeetingNow(): MeetingWithLink;
  getTabShareStatus(): TabShareStatus;
  /** From the popup, right after the user clicked the extension's icon on the tab to share. */
  shareTab(input: { tabId: number; title: string }): void;
  cancelTabShare(): void;
  /** From a calendar content script: its selectors recognise nothing on the page (or again something). */
  reportCalendarHealth(report: CalendarHealthReport): void;
  getCalendarHealth(): CalendarHealth;
}

export const { sendMessage, onMessage, removeAllListeners } = defineExtensionMessaging<ProtocolMap>();
