import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { loggerCalls, peerjsMediaOnly } from './peerjs-media-only.ts';

const id = createRequire(import.meta.url)
  .resolve('peerjs')
  .replace(/[^/\\]+$/, 'bundler.mjs');
const source = readFileSync(id, 'utf8');
const transform = (code: string, file = id) =>
  (peerjsMediaOnly().transform as (code: string, id: string) => { code: string } | null).call(null, code, file);

describe('peerjs-media-only (the build of PeerJS for media calls)', () => {
  it('takes the probe and the data connections out of the PeerJS we ship, and leaves its calls', () => {
    const out = transform(source)!.code;
    expect(source).toContain('_PEERJSTEST');
    expect(out).not.toContain('_PEERJSTEST');
    expect(out).not.toMatch(/new RTCPeerConnection\(\$\w+\$var\$DEFAULT_CONFIG\)/);
    expect(out).toContain('this._serializers = {}');
    expect(out).toContain("throw new Error('PeerJS is built for media calls only");
    // Media calls are untouched: the incoming call is still answered, and call() still makes one.
    expect(out).toContain('this.emit("call", mediaConnection)');
    expect(out).toMatch(/call\(peer, stream, options = \{\}\)/);
    // What media calls never use is gone: the REST API's requests, PeerJS's cloud servers, data helpers.
    for (const gone of [
      'retrieveId',
      'listAllPeers',
      'You can email team@peerjs.com',
      'turn.peerjs.com',
      'isUnifiedPlanSupported',
      'blobToArrayBuffer',
    ])
      expect(out).not.toContain(gone);
    expect(out).toContain("new Error('PeerJS is built to be given an id')");
    // An outgoing call given an offer made ahead (src/call/warm-offer.ts) takes it, before making its own.
    expect(out).toMatch(
      /startConnection\(options\) \{\n\s+if \(options\.originator && this\._startWarm\(this\.connection\.options\._warm\)\) return;/,
    );
    expect(out).toMatch(/_startWarm\(warm\) \{\n\s+const taken = warm && warm\.take\(\);/);
  });

  it('adds a candidate only once the description being applied is in, in order (no wait on WebRTC’s thread)', async () => {
    // The Negotiator's two methods as built, on a stand-in connection.
    const out = transform(source)!.code;
    const methods = out.slice(out.indexOf('/** Handle an SDP'), out.indexOf('    _addTracksToConnection'));
    const errors = out.match(/\((0, (\$\w+\$export\$\w+))\)\.WebRTC/)![2]!;
    const Negotiator = new Function(
      'RTCSessionDescription',
      errors,
      `return class { constructor(connection) { this.connection = connection; } ${methods} };`,
    )(
      class {
        init: RTCSessionDescriptionInit;
        constructor(init: RTCSessionDescriptionInit) {
          this.init = init;
        }
      },
      { WebRTC: 'webrtc' },
    );
    const steps: string[] = [];
    let applied!: () => void;
    const pc = {
      setRemoteDescription: () =>
        new Promise<void>((resolve) => {
          applied = () => {
            steps.push('answer applied');
            resolve();
          };
        }),
      addIceCandidate: async (ice: { candidate: string }) => void steps.push(`added ${ice.candidate}`),
    };
    const negotiator = new Negotiator({ peerConnection: pc, provider: { emitError: (_: string, e: unknown) => steps.push(`error ${e}`) } });
    const described = negotiator.handleSDP('ANSWER', { type: 'answer', sdp: 'v=0' });
    const candidates = [negotiator.handleCandidate({ candidate: 'a' }), negotiator.handleCandidate({ candidate: 'b' })];
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(steps).toEqual([]);
    applied();
    await Promise.all([described, ...candidates]);
    expect(steps).toEqual(['answer applied', 'added a', 'added b']);
    // With no description under way, a candidate goes straight in.
    await negotiator.handleCandidate({ candidate: 'c' });
    expect(steps.at(-1)).toBe('added c');
  });

  it('fails the build when a PeerJS update moved what it takes out, rather than shipping it silently', () => {
    expect(() => transform(source.replace('_PEERJSTEST', '_X').replace('if (!supported.webRTC) return supported;', ''))).toThrow(
      /util\.supports found 0 times/,
    );
    expect(() => transform(source.replace(/this\._serializers = \{\s*raw:/, 'this._serializers = { plain:'))).toThrow(/serializers/);
  });

  it('takes out every call of its logger (none prints at the debug level 0 we give every Peer)', () => {
    const out = transform(source)!.code;
    const logger = /var (\$\w+\$export\$\w+) = new \$\w+\$var\$Logger\(\);/.exec(source)![1]!;
    const calls = (code: string) => [`log(`, `warn(`, `error(`].reduce((n, m) => n + code.split(`(0, ${logger}).${m}`).length - 1, 0);
    expect(calls(source)).toBeGreaterThan(50);
    expect(calls(out)).toBe(0);
    expect(out).not.toContain('Creating RTCPeerConnection.');
    expect(out).not.toContain('Socket open');
    // Its class stays: a Peer still sets its level (and a log function, if given one).
    expect(out).toContain(`(0, ${logger}).logLevel = this._options.debug || 0;`);
  });

  it('keeps a logger call whose arguments do something, and what an unbraced if does', () => {
    const code = [
      'class $1$var$Logger { log() {} }',
      'var $1$export$9 = new $1$var$Logger();',
      `if (a) (0, $1$export$9).log(\`x \${a.b}\`, a + 1);`,
      'else (0, $1$export$9).warn("y", next());',
      'const f = () => (0, $1$export$9).error("z", this.c);',
    ].join('\n');
    const found = loggerCalls(code).map((c) => [code.slice(c.start, c.end), c.with]);
    expect(found).toEqual([
      [`(0, $1$export$9).log(\`x \${a.b}\`, a + 1);`, ';'],
      ['(0, $1$export$9).error("z", this.c)', 'void 0'],
    ]);
  });

  it('leaves every other module alone', () => {
    expect(transform(source, '/app/src/peer-mesh.ts')).toBeNull();
  });
});
