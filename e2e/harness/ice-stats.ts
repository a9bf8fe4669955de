import type { Page } from 'puppeteer-core';

/** Needs `recordPeerConnections` on the page: the selected candidate pair of each connected peer connection. */
export function selectedCandidateTypes(page: Page) {
  return selectedPairs(page).then((pairs) => pairs.map(({ local, remote }) => ({ local, remote })));
}

/** The selected pair of each connected peer connection: both ends' candidate types, and the remote end's address and port. */
export function selectedPairs(page: Page) {
  return page.evaluate(async () => {
    const result: { local: string; remote: string; address: string; port: number }[] = [];
    for (const pc of (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? []) {
      if (pc.connectionState !== 'connected') continue;
      const stats = await pc.getStats();
      const entries = [...stats.values()] as Record<string, unknown>[];
      const transport = entries.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = transport
        ? stats.get(transport.selectedCandidatePairId as string)
        : entries.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
      if (!pair) continue;
      const remote = stats.get(pair.remoteCandidateId);
      result.push({
        local: stats.get(pair.localCandidateId)?.candidateType,
        remote: remote?.candidateType,
        address: remote?.address ?? remote?.ip,
        port: remote?.port,
      });
    }
    return result;
  });
}

/** The first encoding of every audio and video sender on the connected peer connections. */
export function senderEncodings(page: Page) {
  return page.evaluate(() =>
    ((window as unknown as { __pcs: RTCPeerConnection[] }).__pcs ?? [])
      .filter((pc) => pc.connectionState === 'connected')
      .flatMap((pc) => pc.getTransceivers())
      .map((t) => ({
        kind: t.receiver.track.kind,
        encoding: JSON.parse(JSON.stringify(t.sender.getParameters().encodings?.[0] ?? {})) as Record<string, unknown>,
      })),
  );
}
