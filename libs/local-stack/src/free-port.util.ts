import { readFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';

/**
 * Asks the OS for a port that is free right now. Another process may still grab it before the caller binds,
 * so servers started on it must report a failed bind (they do: they exit, and the caller sees the log tail).
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  const [port] = await findFreePorts(1, host);
  return port;
}

/** `count` ports that are distinct from each other: all are held open together before any is released. */
export async function findFreePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const servers: Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      ports.push(await listenOnAnyPort(server, host));
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

function listenOnAnyPort(server: Server, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      if (typeof address === 'object' && address) resolve(address.port);
      else reject(new Error(`could not read the port bound on ${host}`));
    });
  });
}

/**
 * Free loopback ports below the kernel's ephemeral range, for servers that go down while clients keep reconnecting to
 * them (or that start again on the same port). While such a server is down, nothing else can be handed its port for an
 * outgoing connection, and a client reconnecting to it cannot end up connected to itself (TCP simultaneous open when
 * the source port happens to equal the target).
 */
export async function findRestartablePorts(count: number, host = '127.0.0.1'): Promise<number[]> {
  const min = 10_000;
  const max = Math.max(min + 1000, ephemeralRangeStart() - 1);
  const ports = new Set<number>();
  for (let attempt = 0; attempt < 200 * count && ports.size < count; attempt++) {
    const port = min + Math.floor(Math.random() * (max - min));
    if (!ports.has(port) && (await canBind(port, host))) ports.add(port);
  }
  if (ports.size < count) throw new Error(`only ${ports.size} of ${count} free ports found in ${min}-${max}`);
  return [...ports];
}

export async function findRestartablePort(host = '127.0.0.1'): Promise<number> {
  const [port] = await findRestartablePorts(1, host);
  return port;
}

function ephemeralRangeStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768; // Not Linux: the usual default.
  }
}

function canBind(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}
