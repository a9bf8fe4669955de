import { render } from 'preact';
import { createSessionState } from './account/create-session-state';
import { App } from './app/App';
import { createConnectivity } from './app/connectivity';
import { createRouter } from './app/router';
import { createServiceWorker } from './app/service-worker';

const services = {
  router: createRouter(),
  session: createSessionState(),
  connectivity: createConnectivity(),
  sw: createServiceWorker(),
};
const root = document.getElementById('app')!;
root.textContent = ''; // the static "Loading…" shown before the script ran
render(<App {...services} />, root);
window.addEventListener('load', () => void services.sw.register());
