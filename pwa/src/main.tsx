import { render } from 'preact';
import { App } from './app/App';
import { createRouter } from './app/router';

const router = createRouter();
render(<App router={router} />, document.getElementById('app')!);
