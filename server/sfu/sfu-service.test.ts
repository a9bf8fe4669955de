import { describe, expect, it } from 'vitest';
import type { JanusSupervisor } from './janus-supervisor.ts';
import { testSfuSettings } from './sfu-config.ts';
import { createSfuService } from './sfu-service.ts';

const LINUX_EPHEMERAL = { low: 32768, high: 60999 };

/** Starts the service as far as Janus's start (which the test stands in for), and says what it warned. */
async function warningsAtStart(rtpPortRange: string) {
  const warnings: string[] = [];
  const starts: string[] = [];
  const service = createSfuService({
    // Any file that exists stands for an installed Janus: the start itself is the test's.
    settings: testSfuSettings({ mode: 'janus', bin: process.execPath, rtpPortRange }),
    maxPublishers: 6,
    ephemeralRange: () => LINUX_EPHEMERAL,
    warn: (message) => warnings.push(message),
    start: async (options) => {
      starts.push(options?.rtpPortRange ?? '');
      return { stop: async () => undefined } as unknown as JanusSupervisor;
    },
  });
  // Stopped before its start: the start lets the Janus it got go again at once.
  await service.stop();
  await service.start();
  return { warnings, starts };
}

describe('SFU service start', () => {
  it('warns when Janus media ports share the machine ephemeral ports, naming the shared part, and starts it anyway', async () => {
    const { warnings, starts } = await warningsAtStart('20000-40000');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('JANUS_RTP_PORTS 20000-40000 shares 32768-40000');
    expect(starts).toEqual(['20000-40000']);
  });

  it('says nothing about the default range, which stays below them', async () => {
    const { warnings, starts } = await warningsAtStart('20000-32767');
    expect(warnings).toEqual([]);
    expect(starts).toEqual(['20000-32767']);
  });
});
