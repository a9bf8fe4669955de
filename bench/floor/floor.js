// The floor of a guest's join, served by the benchmark next to the app: HTML, PeerJS, the camera,
// one offer and answer, the first frame — nothing else. It passes our PeerServer's gate as any
// participant must (its own id and token, and its room channel open: it is on the roster), so
// the only difference from the app is what the app does around the call.
const p = new URLSearchParams(location.hash.slice(1));
const [role, id, token, meeting, remote] = ['role', 'id', 'token', 'meeting', 'remote'].map((k) => p.get(k));
const wsOrigin = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}`;
const channel = new WebSocket(`${wsOrigin}/ws/rooms/${meeting}?participantId=${id}&token=${encodeURIComponent(token)}`);
const present = new Promise((resolve) => channel.addEventListener('message', (e) => JSON.parse(e.data).type === 'welcome' && resolve()));
const media = navigator.mediaDevices.getUserMedia({ video: true, audio: true });
const peer = new peerjs.Peer(id, {
  host: location.hostname,
  port: Number(location.port),
  path: `/peerjs/m/${meeting}/`,
  key: 'peerjs',
  token,
  debug: 0,
});
const open = new Promise((resolve) => peer.on('open', resolve));
const video = document.querySelector('video');
// The call's picture, shown once per call (PeerJS reports a call's stream once per track); the callee
// shows each caller's in turn, as the app's host shows each guest.
const show = (stream) => {
  if (video.srcObject === stream) return;
  video.srcObject = stream;
  video.requestVideoFrameCallback(() => performance.mark('floor:first-frame'));
};
if (role === 'callee') {
  // One call at a time, as a person's call: a caller who calls again (a reload) or leaves the room
  // has its earlier call hung up, as the app's pages do. Kept open, every departed caller's call went
  // on sending video until ICE gave up on it, a load on the machine through the runs of both sides.
  const calls = new Map();
  const hangUp = (callerId) => {
    calls.get(callerId)?.close();
    calls.delete(callerId);
  };
  channel.addEventListener('message', (e) => {
    const event = JSON.parse(e.data);
    if (event.type === 'participant-left') hangUp(event.participantId);
  });
  peer.on('call', async (call) => {
    hangUp(call.peer);
    calls.set(call.peer, call);
    call.on('stream', show);
    call.answer(await media);
  });
  Promise.all([open, present]).then(() => (document.body.dataset.ready = 'true'));
} else {
  Promise.all([open, media, present]).then(([, stream]) => {
    performance.mark('floor:call');
    peer.call(remote, stream).on('stream', show);
  });
}
