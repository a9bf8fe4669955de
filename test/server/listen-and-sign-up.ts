import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A backend's HTTP server listening on a free loopback port, with a host signed up over HTTP:
 * its `host:port` and the host's session cookie (for tests with real sockets).
 */
export async function listenAndSignUp(server: Server): Promise<{ base: string; cookie: string }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const signup = await fetch(`http://${base}/api/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'h@example.com', password: 'long enough password', name: 'Host' }),
  });
  return { base, cookie: signup.headers.get('set-cookie')!.split(';')[0]! };
}
