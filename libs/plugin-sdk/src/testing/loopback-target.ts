import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A loopback HTTP server answering with a fixed status, or never (status null), for the contract checks. */
export async function loopbackTarget(status: number | null): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    req.resume();
    if (status === null) return;
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(`status ${status}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An address nothing listens on: a port that was free a moment ago. */
export async function refusedUrl(): Promise<string> {
  const target = await loopbackTarget(200);
  await target.close();
  return target.url;
}
