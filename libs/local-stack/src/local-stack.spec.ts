import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFerretDb } from './ferretdb.binary';
import { startLocalStack, resolveStackFromEnv } from './local-stack';
import { startNatsServer } from './nats-server.process';
import { canConnect } from './probe.util';
import { stopAllLocalProcesses } from './process-registry';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function hostAndPort(url: string): [string, number] {
  const { hostname, port } = new URL(url);
  return [hostname, Number(port)];
}

describe('startLocalStack (real nats-server and FerretDB)', () => {
  // Builds FerretDB into <repo>/.tools the first time (minutes); a no-op once it is there.
  beforeAll(() => ensureFerretDb(), 15 * 60_000);
  afterAll(() => stopAllLocalProcesses());

  it('starts both servers, which accept connections, and stop() leaves nothing behind', async () => {
    const stack = await startLocalStack();
    const pids = stack.processes.map((proc) => proc.pid);
    try {
      expect(stack.natsUrl).toMatch(/^nats:\/\/127\.0\.0\.1:\d+$/);
      expect(stack.mongoUri).toMatch(/^mongodb:\/\/127\.0\.0\.1:\d+\/$/);
      expect(stack.dataDir).toContain('herald-stack-');
      expect(await canConnect(...hostAndPort(stack.natsUrl as string))).toBe(true);
      expect(await canConnect(...hostAndPort(stack.mongoUri as string))).toBe(true);
      expect(pids).toHaveLength(2);
      for (const pid of pids) expect(isAlive(pid)).toBe(true);
    } finally {
      await stack.stop();
    }
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(existsSync(stack.dataDir)).toBe(false);
  }, 30_000);

  it('starts only what is asked for and keeps a caller-provided data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-stack-spec-'));
    try {
      const stack = await startLocalStack({ dataDir, mongo: false });
      expect(stack.mongoUri).toBeUndefined();
      expect(stack.processes.map((proc) => proc.name)).toEqual(['nats-server']);
      await stack.stop();
      expect(existsSync(join(dataDir, 'logs', 'nats-server.log'))).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);

  it('runs two stacks side by side', async () => {
    const stacks = await Promise.all([startLocalStack(), startLocalStack()]);
    try {
      expect(stacks[0].natsUrl).not.toBe(stacks[1].natsUrl);
      expect(stacks[0].mongoUri).not.toBe(stacks[1].mongoUri);
    } finally {
      await Promise.all(stacks.map((stack) => stack.stop()));
    }
  }, 30_000);

  it('reports the log tail of a server that exits early (port already in use)', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    const dataDir = mkdtempSync(join(tmpdir(), 'herald-stack-spec-'));
    try {
      const err = await startNatsServer({ dataDir, port }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/nats-server exited before it was ready \(exit code 1\)/);
      expect((err as Error).message).toContain('address already in use');
    } finally {
      busy.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 30_000);
});

describe('resolveStackFromEnv', () => {
  it('starts everything when nothing is configured', () => {
    expect(resolveStackFromEnv({})).toEqual({ startNats: true, startMongo: true });
  });

  it('uses what is configured and starts the rest', () => {
    expect(resolveStackFromEnv({ HERALD_NATS_URL: 'nats://nats:4222', HERALD_MONGODB_URI: ' ' })).toEqual({
      natsUrl: 'nats://nats:4222',
      startNats: false,
      startMongo: true,
    });
    expect(resolveStackFromEnv({ HERALD_MONGODB_URI: 'mongodb://db/' })).toEqual({
      mongoUri: 'mongodb://db/',
      startNats: true,
      startMongo: false,
    });
  });
});
