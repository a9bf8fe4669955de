import { render } from 'preact';
import { createSessionState } from './account/create-session-state.ts';
import { App } from './app/App.tsx';
import { createConnectivity } from './app/connectivity.ts';
import { createRouter } from './app/router.ts';
import { createServiceWorker } from './app/service-worker.ts';
import { nextTask } from './app/next-task.ts';
import { showPageIcon } from './app/page-icon.ts';
import { i18n } from './i18n/i18n.ts';

const services = {
  router: createRouter(),
  session: createSessionState(),
  connectivity: createConnectivity(),
  sw: createServiceWorker(),
};
const root = document.getElementById('app')!;
// A Dutch or German page waits for its catalogue (a small chunk) rather than flashing English first.
// The first render is a task of its own, not the end of the modules' evaluation: two shorter tasks.
void i18n.ready
  .then(() => nextTask())
  .then(() => {
    root.textContent = ''; // the static "Loading…" shown before the script ran
    render(<App {...services} />, root);
  });
window.addEventListener('load', () => void services.sw.register());
// The tab's icon waits for a quiet page too (app/page-icon.ts).
void services.sw.whenQuiet().then(() => showPageIcon());
