import { existsSync, readFileSync } from 'node:fs';
import { startNatsCluster } from './nats-cluster.process';
import { canConnect } from './probe.util';
import { stopAllLocalProcesses } from './process-registry';

describe('startNatsCluster (real nats-server)', () => {
  afterAll(() => stopAllLocalProcesses());

  it('starts three routed members that agree on a metadata leader, and stop() leaves nothing behind', async () => {
    const cluster = await startNatsCluster(3, { clusterName: 'spec' });
    try {
      expect(cluster.nodes).toHaveLength(3);
      expect(cluster.url.split(',')).toEqual(cluster.nodes.map((n) => n.url));
      for (const node of cluster.nodes) {
        const { hostname, port } = new URL(node.url);
        expect(await canConnect(hostname, Number(port))).toBe(true);
      }
      const logs = cluster.nodes.map((n) => readFileSync(n.process.logFile, 'utf8'));
      // Each names its leader, or says it is the leader itself: all the same one.
      const leaders = logs.map((log, i) =>
        /Self is new JetStream cluster metadata leader/.test(log)
          ? `spec-${i}`
          : /JetStream cluster new metadata leader: ([\w-]+)\//.exec(log)?.[1],
      );
      expect(new Set(leaders).size).toBe(1);
      expect(cluster.nodeNamed(leaders[0] as string)).toBeDefined();
      expect(cluster.nodeNamed('nobody')).toBeUndefined();
    } finally {
      await cluster.stop();
    }
    expect(cluster.nodes.every((n) => !n.process.isRunning())).toBe(true);
    expect(existsSync(cluster.dataDir)).toBe(false);
  }, 60_000);
});
