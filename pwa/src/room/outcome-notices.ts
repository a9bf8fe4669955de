import { lazyComponent } from '../ui/lazy.tsx';

// The ways a visit ends load when needed: a guest let straight in never sees them.
const notices = () => import('../host-controls/OutcomeNotices.tsx');
export const DeclinedNotice = lazyComponent(() => notices().then((m) => m.DeclinedNotice));
export const ElsewhereNotice = lazyComponent(() => notices().then((m) => m.ElsewhereNotice));
export const MeetingEndedNotice = lazyComponent(() => notices().then((m) => m.MeetingEndedNotice));
export const MeetingLockedNotice = lazyComponent(() => notices().then((m) => m.MeetingLockedNotice));
export const RemovedNotice = lazyComponent(() => notices().then((m) => m.RemovedNotice));
