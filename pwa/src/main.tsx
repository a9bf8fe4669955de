import { render } from 'preact';
import { createSessionState } from './account/create-session-state';
import { App } from './app/App';
import { createRouter } from './app/router';

const router = createRouter();
const session = createSessionState();
render(<App router={router} session={session} />, document.getElementById('app')!);
