import type { Router } from './router';
import { HomePage } from '../home/HomePage';
import { MeetingPage } from '../room/MeetingPage';
import { Notice } from '../ui/Notice';

export function App({ router }: { router: Router }) {
  const route = router.route.value;
  switch (route.name) {
    case 'home':
      return <HomePage navigate={router.navigate} />;
    case 'meeting':
      return <MeetingPage key={route.meetingId} meetingId={route.meetingId} />;
    case 'not-found':
      return (
        <Notice title="Page not found">
          <p>
            There is nothing at <code>{route.path}</code>. <a href="/">Go to the start page</a>.
          </p>
        </Notice>
      );
  }
}
