import MagicString from 'magic-string';
import { parseAst, type Plugin } from 'vite';

const PEERJS = /[/\\]node_modules[/\\]peerjs[/\\]dist[/\\]bundler\.mjs$/;

/** What is taken out of PeerJS's own code, each found exactly once (or the build fails: a PeerJS update moved it). */
const PATCHES: { what: string; find: RegExp; replace: string }[] = [
  {
    // Its module opened an RTCPeerConnection and a data channel to fill `util.supports`, 5–7 ms of
    // a guest's main thread on the pre-join page, for one question asked later (`new Peer` refuses a
    // browser with neither media nor data): every browser we support that has WebRTC has both.
    what: 'the RTCPeerConnection probe of util.supports',
    find: /(if \(!supported\.webRTC\) return supported;)[\s\S]*?(return supported;)/,
    replace: '$1\n            supported.audioVideo = supported.data = supported.reliable = supported.binaryBlob = true;\n            $2',
  },
  {
    // The data connections' classes (about 2 kB compressed of a guest's first bytes) are reached only
    // through this table: without it, the bundler leaves them out.
    what: 'the data connections (serializers)',
    find: /this\._serializers = \{\s*raw: [^}]*?default: [^}]*?\}/,
    replace: 'this._serializers = {}',
  },
  {
    // A data connection offered by another page is refused as a malformed offer, before anything is made for it.
    what: 'incoming data connections',
    find: /else if \(payload\.type === \(0, [\w$]+\)\.Data\) \{/,
    replace: 'else if (false) {',
  },
  {
    // Ids are always given (the participant's): the server's id and peer-listing requests, with their
    // long error texts, are never made. A Peer made without an id fails at once instead.
    what: 'the REST API (retrieveId, listAllPeers)',
    find: /\/\*\* Get a unique ID from the server via XHR and initialize with it\. \*\/ async retrieveId\(\) \{[\s\S]*?\n {4}\}\n {4}\/\*\* @deprecated \*\/ async listAllPeers\(\) \{[\s\S]*?\n {4}\}\n\}/,
    replace: '}',
  },
  {
    what: 'a Peer without an id',
    find: /else this\._api\.retrieveId\(\)\.then\(\(id\)=>this\._initialize\(id\)\)\.catch\(\(error\)=>this\._abort\((.+?), error\)\);/,
    replace: "else this._abort($1, new Error('PeerJS is built to be given an id'));",
  },
  {
    what: 'Peer.listAllPeers',
    find: /listAllPeers\(cb = \(_\)=>\{\}\) \{[\s\S]*?\n {4}\}\n/,
    replace: '',
  },
  {
    // Only the removed probe and this description of it asked; the browser's support is known.
    what: 'supports.isUnifiedPlanSupported and its toString',
    find: /isUnifiedPlanSupported\(\) \{[\s\S]*?\n {4}\}\n {4}toString\(\) \{[\s\S]*?\n {4}\}\n/,
    replace: '',
  },
  {
    // The data connections' helpers.
    what: 'util.blobToArrayBuffer and binaryStringToArrayBuffer',
    find: /blobToArrayBuffer\(blob, cb\) \{[\s\S]*?return byteArray\.buffer;\n {4}\}\n/,
    replace: '',
  },
  {
    // PeerJS's cloud STUN and TURN servers: every Peer is given ours (and no call may use theirs).
    what: 'the default configuration (PeerJS cloud servers)',
    find: /(const \$\w+\$var\$DEFAULT_CONFIG = )\{[\s\S]*?sdpSemantics: "unified-plan"\n\};/,
    replace: '$1{};',
  },
  {
    what: 'Peer.connect',
    find: /const dataConnection = new this\._serializers\[options\.serialization\]\(peer, this, options\);/,
    replace: "throw new Error('PeerJS is built for media calls only (pwa/build/peerjs-media-only.ts)');",
  },
  {
    // An offer made ahead of the call (src/call/warm-offer.ts), given as the `_warm` option of the
    // first camera call we place: the Negotiator takes its connection and sends its offer at once.
    // A connection made ahead for a call we answer (src/call/spare-answer.ts), set as `_spare` on
    // the incoming call's options before `answer`: the Negotiator applies the offer to it.
    what: 'the Negotiator: an outgoing call may take an offer made ahead, a call we answer a connection made ahead',
    find: /(\/\*\* Returns a PeerConnection object set up correctly \(for data, media\)\. \*\/ startConnection\(options\) \{)/,
    replace:
      '$1\n        if (options.originator && this._startWarm(this.connection.options._warm)) return;' +
      '\n        if (!options.originator && this._startSpare(this.connection.options._spare, options)) return;',
  },
  {
    what: 'the Negotiator: its warm start and its spare',
    find: /(\n {4}\/\*\* Start a PC\. \*\/ _startPeerConnection\(\) \{)/,
    replace: `
    /** An offer made ahead (src/call/warm-offer.ts): its connection is this call's, its offer sent as soon as it is set. */ _startWarm(warm) {
        const taken = warm && warm.take();
        if (!taken) return false;
        const connection = this.connection;
        const provider = connection.provider;
        connection.peerConnection = taken.pc;
        this._setupListeners(taken.pc);
        connection._initializeDataChannel(taken.channel);
        const send = (offer)=>{
            if (connection.peerConnection !== taken.pc) return;
            provider.socket.send({
                type: "OFFER",
                payload: {
                    sdp: offer,
                    type: connection.type,
                    connectionId: connection.connectionId,
                    metadata: connection.metadata
                },
                dst: connection.peer
            });
            // The candidates found before the call: after the offer, as PeerJS sends its own.
            taken.flush((candidate)=>taken.pc.onicecandidate({
                    candidate: candidate
                }));
        };
        if (taken.offer) send(taken.offer);
        else taken.offered.then(send, (err)=>provider.emitError("webrtc", err));
        return true;
    }
    /** A connection made ahead for a call we answer (src/call/spare-answer.ts): our tracks are on it, the offer goes on it. */ _startSpare(spare, options) {
        const pc = spare && options._stream && spare.take(options._stream);
        if (!pc) return false;
        this.connection.peerConnection = pc;
        this._setupListeners(pc);
        this.handleSDP("OFFER", options.sdp);
        return true;
    }$1`,
  },
  {
    // A candidate added while the connection still applies a description waited for it on the main
    // thread: WebRTC runs `addIceCandidate` on its signaling thread and the page blocks until it has,
    // and that thread was busy applying the answer (or the offer, and making the answer). One such
    // wait took 61 ms of a joining guest's main thread on a busy machine. Now each candidate waits
    // for the description without blocking (in order: they all wait for the same), then is added.
    what: 'the Negotiator: the description being applied, for the candidates to wait for',
    find: /\/\*\* Handle an SDP\. \*\/ async handleSDP\(type, sdp\) \{/,
    replace:
      '/** Handle an SDP (kept for the candidates that come meanwhile). */ handleSDP(type, sdp) {\n' +
      '        return (this._described = this._handleSDP(type, sdp));\n' +
      '    }\n' +
      '    async _handleSDP(type, sdp) {',
  },
  {
    what: 'the Negotiator: a candidate waits for the description being applied',
    find: /(\/\*\* Handle a candidate\. \*\/ async handleCandidate\(ice\) \{)/,
    replace: '$1\n        await this._described;',
  },
];

/** PeerJS's logger: one instance, whose calls print nothing at the `debug: 0` every Peer of ours is given. */
const LOGGER = /var (\$\w+\$export\$\w+) = new \$\w+\$var\$Logger\(\);/;

type Node = { type: string; start: number; end: number; [key: string]: unknown };

/**
 * Every call of PeerJS's logger (`log`, `warn`, `error`): 62 in PeerJS 1.5, about 3.5 kB of
 * messages (1 kB compressed) of a guest's first bytes, none of which prints at `debug: 0`. A call
 * whose arguments could do something (a call, an assignment) is kept. Each comes with what stands
 * in for it: `;` for a statement (so an `if` without braces keeps its body), `void 0` inside an
 * expression.
 */
export function loggerCalls(code: string): { start: number; end: number; with: string }[] {
  const found = [...code.matchAll(new RegExp(LOGGER.source, 'g'))];
  if (found.length !== 1) throw new Error(`peerjs-media-only: PeerJS's logger found ${found.length} times, not once`);
  const logger = found[0]![1]!;
  const isLogger = (node: Node): boolean =>
    (node.type === 'Identifier' && node.name === logger) ||
    (node.type === 'SequenceExpression' && (node.expressions as Node[]).length === 2 && isLogger((node.expressions as Node[])[1]!));
  const harmless = (node: Node): boolean => {
    switch (node.type) {
      case 'Literal':
      case 'Identifier':
      case 'ThisExpression':
        return true;
      case 'TemplateLiteral':
        return (node.expressions as Node[]).every(harmless);
      case 'MemberExpression':
        return harmless(node.object as Node) && (!node.computed || harmless(node.property as Node));
      case 'BinaryExpression':
      case 'LogicalExpression':
        return harmless(node.left as Node) && harmless(node.right as Node);
      default:
        return false;
    }
  };
  const isLoggerCall = (node: Node): boolean => {
    if (node.type !== 'CallExpression') return false;
    const callee = node.callee as Node;
    return (
      callee.type === 'MemberExpression' &&
      !callee.computed &&
      ['log', 'warn', 'error'].includes((callee.property as Node).name as string) &&
      isLogger(callee.object as Node) &&
      (node.arguments as Node[]).every(harmless)
    );
  };
  const calls: { start: number; end: number; with: string }[] = [];
  const visit = (node: Node) => {
    if (node.type === 'ExpressionStatement' && isLoggerCall(node.expression as Node)) {
      calls.push({ start: node.start, end: node.end, with: ';' });
      return;
    }
    if (isLoggerCall(node)) {
      calls.push({ start: node.start, end: node.end, with: 'void 0' });
      return;
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const child of value) child && typeof child.type === 'string' && visit(child);
      else if (value && typeof value === 'object' && typeof (value as Node).type === 'string') visit(value as Node);
    }
  };
  visit(parseAst(code) as unknown as Node);
  for (const call of calls)
    if (!/^\(0, [\w$]+\)\.(log|warn|error)\(/.test(code.slice(call.start, call.end)))
      throw new Error(`peerjs-media-only: a logger call was misplaced: ${code.slice(call.start, call.start + 60)}`);
  return calls;
}

/**
 * PeerJS for media calls only, at build (with the aliases of src/call/peerjs-build/): we open no
 * data connection, so what PeerJS keeps for them is taken out of a guest's first bytes and of the
 * pre-join page's main thread, and so are its logger's calls (we never turn its logging on); an
 * outgoing call may take an offer made ahead of it (src/call/warm-offer.ts), and a call we answer
 * a connection made ahead (src/call/spare-answer.ts). The real-browser call suites prove the
 * calls still work.
 */
export function peerjsMediaOnly(): Plugin {
  return {
    name: 'peerjs-media-only',
    enforce: 'pre',
    transform(code, id) {
      if (!PEERJS.test(id)) return null;
      // Edited in place with magic-string, so the source map still points into PeerJS's own lines.
      const out = new MagicString(code);
      const patched: [number, number][] = [];
      for (const patch of PATCHES) {
        const found = [...code.matchAll(new RegExp(patch.find.source, 'g'))];
        if (found.length !== 1) throw new Error(`peerjs-media-only: ${patch.what} found ${found.length} times in PeerJS, not once`);
        const [match] = found as [RegExpExecArray];
        out.overwrite(match.index, match.index + match[0].length, match[0].replace(patch.find, patch.replace));
        patched.push([match.index, match.index + match[0].length]);
      }
      // The logger's calls, but for those inside what a patch replaced already.
      for (const call of loggerCalls(code))
        if (!patched.some(([start, end]) => call.start < end && start < call.end)) out.overwrite(call.start, call.end, call.with);
      return { code: out.toString(), map: out.generateMap({ hires: 'boundary', source: id, includeContent: true }) };
    },
  };
}
