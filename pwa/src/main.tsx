import { render } from 'preact';
import { createSessionState } from './account/create-session-state.ts';
import { App } from './app/App.tsx';
import { createConnectivity } from './app/connectivity.ts';
import { createRouter } from './app/router.ts';
import { createServiceWorker } from './app/service-worker.ts';

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
