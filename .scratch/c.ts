export {};
import { startCoturn } from '../e2e/harness/coturn.ts';
const t = await startCoturn();
console.log(t.url, t.output().split('\n').length);
await t.stop();
console.log('stopped');
