import { describe, expect, it } from 'vitest';
import { janusCoreConfig, protectedFolders } from './janus-config.ts';

describe('the config of a Janus our server starts', () => {
  it.each([
    [null, true],
    ['/tmp/meeting-e2e-x/recordings', true],
    ['/srv/meeting-room/data/recordings', true],
    ['/var/lib/meeting-room/recordings', false],
  ])('records into %s: /var protected %s (Janus refuses to record into a protected folder)', (dir, varProtected) => {
    const folders = protectedFolders(dir);
    expect(folders.includes('/var')).toBe(varProtected);
    expect(folders).toEqual(expect.arrayContaining(['/etc', '/usr', '/bin']));
  });

  it('does not take /variable for /var', () => {
    expect(protectedFolders('/variable/recordings')).toContain('/var');
  });

  it('writes the list into janus.jcfg', () => {
    const text = janusCoreConfig({
      dir: '/tmp/j',
      wsPort: 1,
      adminPort: 2,
      apiSecret: 'a',
      adminSecret: 'b',
      roomAdminKey: 'c',
      rtpPortRange: '20000-20100',
      iceEnforceList: null,
      nat1to1: null,
      libDir: '/usr/lib/x86_64-linux-gnu/janus',
      recordingsDir: '/var/lib/meeting-room/recordings',
    });
    expect(text).toContain('protected_folders = ["/bin","/boot","/dev","/etc","/lib","/proc","/sbin","/sys","/usr"]');
  });
});
