import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCluster } from './start-cluster.ts';

/**
 * `npm run cluster`: PostgreSQL (data in data/cluster/pg), three nodes sharing data/cluster/shared
 * for files and recordings, and HAProxy on PORT (3000 by default), one line per part; Ctrl-C stops all.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const dir = path.join(root, 'data', 'cluster');
const port = Number(process.env.PORT || 3000);
const nodes = Number(process.env.CLUSTER_NODES || 3);

const cluster = await startCluster({ port, nodes, dir, nodeEnv: { PWA_DIR: path.join(root, 'dist/pwa') } });
console.log(`postgresql  ${cluster.databaseUrl} (data in ${path.join(dir, 'pg')})`);
for (const node of cluster.nodes) console.log(`${node.name.padEnd(11)} ${node.url} (log in ${path.join(dir, 'logs', `${node.name}.log`)})`);
console.log(`files       ${cluster.dataDir} (every node's DATA_DIR)`);
console.log(`haproxy     ${cluster.url}  <- open this (routing: deploy/haproxy.cfg)`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  console.log('stopping the cluster…');
  await cluster.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
