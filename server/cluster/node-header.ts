import type { Server } from 'node:http';

/**
 * Names this node on every HTTP answer (`X-Node: <NODE_NAME>`), so an operator (and the cluster
 * tests) can see which node behind HAProxy served a request. Set before any handler writes.
 */
export function announceNode(server: Server, name: string | null): void {
  if (!name) return;
  server.prependListener('request', (_req, res) => res.setHeader('X-Node', name));
}
