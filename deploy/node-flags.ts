/**
 * The V8 flags the server is started with: package.json's `start`, the systemd unit in
 * docs/operator-guide.md, the cluster's nodes (deploy/cluster/start-cluster.ts), the soak bench's
 * child (bench/soak.ts) and the server the browser tests and benches start (e2e/harness/server.ts);
 * test/architecture/node-flags.test.ts keeps them the same, and finds any other place that starts it.
 *
 * A young generation of a fixed 2 × 16 MiB (Node 18's default on 64-bit). Node 24 sizes it from the
 * heap limit, itself from the machine's memory (2 × 64 MiB on the 24 GB bench machine), and V8 grows it
 * under load and shrinks it again when its memory reducer finds the process idle, which the lowdb mode
 * often looks like while it waits on fsync. Resident memory followed, by up to ~80 MB from one
 * simulated week to the next in the soak (331 → 249 MB), whatever the server held; with these flags
 * it stayed within 3.3 MB over the four weeks beside the same load (docs/benchmarks.md, soak).
 * With 20 phone callers, the dial-in's delay was lower with these flags than without them or with
 * 64 MiB in most runs, though one run with them still stalled 113 ms (docs/benchmarks.md, "A
 * twenty-seventh session").
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=16', '--min-semi-space-size=16'] as const;
