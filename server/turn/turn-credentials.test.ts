import { describe, expect, test } from 'vitest';
import { turnCredential } from './turn-credentials.ts';

/**
 * Expected credentials computed outside this code, with OpenSSL:
 *   printf %s "$username" | openssl dgst -sha1 -hmac "$secret" -binary | base64
 */
describe('TURN REST credentials', () => {
  test.each([
    ['test-secret', 'alice', 3600, 1795596400, '1795600000:alice', 'gYLs6OWF1Nn9rl9iLNn2zFaN9ac='],
    ['north wind', 'alice', 3600, 1795596400, '1795600000:alice', 'P5+ZfsV+m0rPZgbQhfYiyMJMf9Y='],
    ['test-secret', 'Ab3dE5fG7hJ9kL1mN3pQ5r', 3600, 1700000000, '1700003600:Ab3dE5fG7hJ9kL1mN3pQ5r', 'lxCnDZGo4Ls5DndxZh7LKYJljYI='],
    ['north wind', 'Ab3dE5fG7hJ9kL1mN3pQ5r', 3600, 1700000000.999, '1700003600:Ab3dE5fG7hJ9kL1mN3pQ5r', 'ODv6Gz5dDsHR++6RpMahWiUyQb4='],
    ['test-secret', 'check-x', 86400, 0, '86400:check-x', '50cKoF0tSyAqdX8ndrwgojYbpfc='],
  ])('secret %j, subject %j, ttl %d at %d s → %s', (secret, subject, ttl, nowSeconds, username, credential) => {
    const result = turnCredential(secret, subject, ttl, new Date(nowSeconds * 1000));
    expect(result).toEqual({ username, credential, expiresAt: Number(username.split(':')[0]) * 1000 });
  });

  test('refuses a subject that would make the username ambiguous', () => {
    expect(() => turnCredential('s', 'a:b', 60, new Date(0))).toThrow(/":"/);
  });
});
