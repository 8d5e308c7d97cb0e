import * as net from 'node:net';

/**
 * A TCP forwarder on 127.0.0.1 in front of a server, which a test can cut: every connection through it is dropped and
 * new ones are refused until it is opened again. A client behind it loses its connection as in a network fault while
 * the server and every other client carry on.
 */
export class TcpGate {
  private readonly sockets = new Set<net.Socket>();
  private closed = false;
  private readonly server: net.Server;

  private constructor(targetHost: string, targetPort: number) {
    this.server = net.createServer((client) => {
      if (this.closed) {
        client.destroy();
        return;
      }
      const upstream = net.connect(targetPort, targetHost);
      for (const [from, to] of [
        [client, upstream],
        [upstream, client],
      ]) {
        this.sockets.add(from);
        from.on('error', () => to.destroy());
        from.on('close', () => {
          this.sockets.delete(from);
          to.destroy();
        });
        from.pipe(to);
      }
    });
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  static async start(targetHost: string, targetPort: number): Promise<TcpGate> {
    const gate = new TcpGate(targetHost, targetPort);
    await new Promise<void>((resolve) => gate.server.listen(0, '127.0.0.1', resolve));
    return gate;
  }

  /** Drops every connection through the gate and refuses new ones until open(). */
  cut(): void {
    this.closed = true;
    for (const s of this.sockets) s.destroy();
  }

  open(): void {
    this.closed = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
