import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config-error.ts';
import { DEFAULT_RTP_PORT_RANGE, ephemeralOverlap, parseEphemeralRange, parseRtpPortRange } from './rtp-port-range.ts';

describe("Janus's RTP port range", () => {
  it('reads low-high', () => {
    expect(parseRtpPortRange('20000-20100')).toEqual({ low: 20000, high: 20100 });
    expect(parseRtpPortRange(' 10000-10999 ')).toEqual({ low: 10000, high: 10999 });
  });

  it.each(['lots', '20000', '20000-', '30000-20000', '20000-20000', '80-1000', '60000-70000', '20000-40000-50000'])('refuses %o', (raw) => {
    expect(() => parseRtpPortRange(raw)).toThrow(ConfigError);
    expect(() => parseRtpPortRange(raw)).toThrow(/JANUS_RTP_PORTS must be two ports/);
  });

  it("finds the part shared with the kernel's ephemeral ports", () => {
    const linux = parseEphemeralRange('32768\t60999\n');
    expect(linux).toEqual({ low: 32768, high: 60999 });
    expect(ephemeralOverlap(parseRtpPortRange('20000-40000'), linux)).toEqual({ low: 32768, high: 40000 });
    expect(ephemeralOverlap(parseRtpPortRange('61000-62000'), linux)).toBeNull();
    expect(ephemeralOverlap(parseRtpPortRange('20000-32768'), linux)).toEqual({ low: 32768, high: 32768 });
    expect(ephemeralOverlap(parseRtpPortRange('20000-40000'), parseEphemeralRange(null))).toBeNull();
  });

  it("keeps the default outside Linux's default ephemeral ports", () => {
    expect(ephemeralOverlap(parseRtpPortRange(DEFAULT_RTP_PORT_RANGE), { low: 32768, high: 60999 })).toBeNull();
  });
});
