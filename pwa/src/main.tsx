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
render(<App {...services} />, document.getElementById('app')!);
window.addEventListener('load', () => void services.sw.register());
