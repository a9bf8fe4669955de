import { describe, expect, it } from 'vitest';
import { checkDestination, isPrivateAddress } from './ssrf-guard.ts';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '64:ff9b::10.0.0.1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['93.184.215.14', '8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('lets %s through', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe('checkDestination', () => {
  it.each([
    'http://127.0.0.1:8080/hook',
    'http://[::1]/hook',
    'http://169.254.169.254/latest/meta-data',
    'https://10.0.0.5/',
    'http://localhost:3000/hook',
    'http://[::ffff:127.0.0.1]/',
  ])('refuses %s, saying why', async (url) => {
    await expect(checkDestination(url, false)).rejects.toThrow(/private address.*WEBHOOKS_ALLOW_PRIVATE=true/);
  });

  it('lets anything through when the operator allows private addresses', async () => {
    await expect(checkDestination('http://127.0.0.1:8080/hook', true)).resolves.toBeUndefined();
  });

  it('lets a public address through', async () => {
    await expect(checkDestination('https://93.184.215.14/hook', false)).resolves.toBeUndefined();
  });
});
