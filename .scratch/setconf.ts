import { launchBrowser } from '../e2e/harness/browser';
const browser = await launchBrowser();
const page = await browser.newPage();
console.log(await page.evaluate(async () => {
  const pc = new RTCPeerConnection({ iceServers: [{ urls: 'turn:127.0.0.1:3478', username: '1:a', credential: 'x' }], iceTransportPolicy: 'relay' });
  pc.addTransceiver('audio');
  await pc.setLocalDescription(await pc.createOffer());
  try {
    pc.setConfiguration({ ...pc.getConfiguration(), iceServers: [{ urls: 'turn:127.0.0.1:3478', username: '2:a', credential: 'y' }] });
    return JSON.stringify(pc.getConfiguration().iceServers);
  } catch (e) { return 'threw ' + (e as Error).message; }
}));
await browser.close();
