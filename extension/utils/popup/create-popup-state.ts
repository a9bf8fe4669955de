import { computed, signal } from '@preact/signals';
import type { User } from '@shared/api/auth';
import { calendarHealthNotice } from '../calendar-health/calendar-health.ts';
import type { MeetingWithLink } from '../meetings/meetings-service.ts';
import type { sendMessage } from '../messaging/protocol.ts';
import type { TabShareStatus } from '../tab-share/tab-share-service.ts';
import { createActionRunner } from '../ui/create-action-runner.ts';

/** The tab the popup was opened on (the user clicked the icon there). */
export interface ActiveTab {
  id: number;
  title: string;
}

export interface PopupDeps {
  send: typeof sendMessage;
  activeTab(): Promise<ActiveTab | null>;
  openRoom(url: string): void;
  openOptions(): void;
  /** Closes the popup (after handing a tab over). */
  close(): void;
}

type Load<T> = { state: 'loading' } | { state: 'ready'; value: T } | { state: 'error'; message: string };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** State and actions of the toolbar popup: today's meetings, "New meeting now", "Share this tab". */
export function createPopupState(deps: PopupDeps) {
  const user = signal<Load<User | null>>({ state: 'loading' });
  const meetings = signal<Load<MeetingWithLink[]>>({ state: 'loading' });
  const share = signal<TabShareStatus>({ waiting: false });
  const activeTab = signal<ActiveTab | null>(null);
  /** "Google Calendar changed its page; Enter call may be missing — …", or null. */
  const calendarNotice = signal<string | null>(null);
  const { busy, error, run } = createActionRunner();

  async function loadMeetings() {
    try {
      meetings.value = { state: 'ready', value: await deps.send('todaysMeetings') };
    } catch (error) {
      meetings.value = { state: 'error', message: messageOf(error) };
    }
  }

  return {
    user,
    meetings,
    share,
    activeTab,
    calendarNotice,
    busy,
    error,
    signedIn: computed(() => user.value.state === 'ready' && user.value.value !== null),

    async load() {
      const [status, shareStatus, tab, health] = await Promise.all([
        deps.send('getAuthStatus'),
        deps.send('getTabShareStatus'),
        deps.activeTab(),
        deps.send('getCalendarHealth'),
      ]);
      calendarNotice.value = calendarHealthNotice(health);
      user.value = { state: 'ready', value: status.user };
      share.value = shareStatus;
      activeTab.value = tab;
      if (status.user) await loadMeetings();
      else meetings.value = { state: 'ready', value: [] };
    },

    newMeetingNow: () =>
      run(async () => {
        const meeting = await deps.send('createMeetingNow');
        deps.openRoom(meeting.url);
      }),

    shareThisTab: () =>
      run(async () => {
        const tab = activeTab.value;
        if (!tab) throw new Error('Chrome did not tell the extension which tab this is. Click the icon again on the tab to share.');
        await deps.send('shareTab', { tabId: tab.id, title: tab.title });
        share.value = { waiting: false };
        deps.close();
      }),

    cancelShare: () =>
      run(async () => {
        await deps.send('cancelTabShare');
        share.value = { waiting: false };
      }),

    openOptions: () => deps.openOptions(),
  };
}

export type PopupState = ReturnType<typeof createPopupState>;
