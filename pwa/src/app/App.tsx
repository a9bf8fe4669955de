import { t, tParts } from '../i18n/i18n.ts';
import { useEffect, useState } from 'preact/hooks';
import type { SessionState } from '../account/create-session-state.ts';
import { ApiClientError } from '../api/api-client.ts';
import { MeetingPage } from '../room/MeetingPage.tsx';
import { lazyComponent } from '../ui/lazy.tsx';
import { Notice } from '../ui/Notice.tsx';
import { AppBanners } from './AppBanners.tsx';
import { ConnectionProblem } from './ConnectionProblem.tsx';
import type { Connectivity } from './connectivity.ts';
import { createRetryingLoad, type RetryingLoad } from './create-retrying-load.ts';
import type { Router } from './router.ts';
import type { ServiceWorkerState } from './service-worker.ts';

// Pages for signed-in users load on demand: a guest's first page (the room) never needs them.
const OverviewPage = lazyComponent(() => import('../meetings/OverviewPage.tsx').then((m) => m.OverviewPage));
const AccountPage = lazyComponent(() => import('../account/AccountPage.tsx').then((m) => m.AccountPage));
const AuthPage = lazyComponent(() => import('../account/AuthPage.tsx').then((m) => m.AuthPage));
const AdminPage = lazyComponent(() => import('../admin/AdminPage.tsx').then((m) => m.AdminPage));

export interface AppServices {
  router: Router;
  session: SessionState;
  connectivity: Connectivity;
  sw: ServiceWorkerState;
}

export function App(services: AppServices) {
  return (
    <>
      <AppBanners connectivity={services.connectivity} sw={services.sw} />
      <Page {...services} />
    </>
  );
}

function Page({ router, session, connectivity, sw }: AppServices) {
  const route = router.route.value;
  const user = session.user.value;
  const needsUser = route.name === 'home' || route.name === 'account' || route.name === 'admin';

  // Ask who is signed in only where it matters (a guest's room page never needs it); while the server
  // cannot be reached, keep asking.
  const [whoAmI] = useState(() =>
    createRetryingLoad(session.refresh, { isUnreachable: (e: unknown) => e instanceof ApiClientError && e.status === 0 }),
  );
  useEffect(() => {
    if (route.name !== 'meeting' && user === undefined) whoAmI.start();
  }, [route.name]);
  useEffect(() => whoAmI.dispose, []);
  const waiting = <WaitingForUser whoAmI={whoAmI} connectivity={connectivity} />;

  useEffect(() => {
    if (needsUser && user === null) router.navigate('/signin');
    if ((route.name === 'signin' || route.name === 'signup') && user) router.navigate('/');
  }, [route.name, user]);

  switch (route.name) {
    case 'home':
      return user ? <OverviewPage session={session} navigate={router.navigate} /> : waiting;
    case 'account':
      return user ? <AccountPage session={session} /> : waiting;
    case 'admin':
      if (!user) return waiting;
      // The server refuses everyone else too (403); this only spares them the page's code.
      if (!user.operator) {
        return (
          <Notice title={t('app.operatorsOnly.title')}>
            <p data-testid="operators-only">
              {t('app.operatorsOnly.text')} <a href="/account">{t('app.operatorsOnly.account')}</a>.
            </p>
          </Notice>
        );
      }
      return <AdminPage />;
    case 'signin':
    case 'signup':
      return <AuthPage session={session} mode={route.name} navigate={router.navigate} />;
    case 'meeting':
      return <MeetingPage key={route.meetingId} meetingId={route.meetingId} invite={route.invite} connectivity={connectivity} sw={sw} />;
    case 'meeting-not-found':
      return (
        <Notice title={t('meeting.notFound')} tone="error">
          <p data-testid="meeting-not-found">
            {t('app.notMeetingLink')} <a href="/">{t('app.toStart')}</a>.
          </p>
        </Notice>
      );
    case 'not-found':
      return (
        <Notice title={t('app.pageNotFound')}>
          <p>
            {tParts('app.nothingAt', { path: <code>{route.path}</code> })} <a href="/">{t('app.toStart')}</a>.
          </p>
        </Notice>
      );
  }
}

/** A page for signed-in users while we do not know who is signed in yet: loading, or nothing answers. */
function WaitingForUser({ whoAmI, connectivity }: { whoAmI: RetryingLoad<void, unknown>; connectivity: Connectivity }) {
  if (whoAmI.state.value.state === 'unreachable') {
    return <ConnectionProblem offline={!connectivity.online.value} load={whoAmI} what="page" />;
  }
  return connectivity.online.value ? <Notice title={t('common.loading')} pending /> : <Notice title={t('app.offline')} />;
}
