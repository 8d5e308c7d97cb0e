import { createServer } from 'node:net';
import { findFreePort, findFreePorts, findRestartablePorts } from './free-port.util';

function listen(port: number): Promise<void> {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

describe('findFreePort', () => {
  it('returns a port that can be listened on', async () => {
    const port = await findFreePort();
    expect(port).toBeGreaterThan(0);
    await expect(listen(port)).resolves.toBeUndefined();
  });

  it('returns distinct ports when asked for several at once', async () => {
    const ports = await findFreePorts(5);
    expect(new Set(ports).size).toBe(5);
    await Promise.all(ports.map((port) => listen(port)));
  });

  it('finds distinct restartable ports below the ephemeral range', async () => {
    const ports = await findRestartablePorts(4);
    expect(new Set(ports).size).toBe(4);
    for (const port of ports) expect(port).toBeGreaterThanOrEqual(10_000);
    await Promise.all(ports.map((port) => listen(port)));
  });
});
