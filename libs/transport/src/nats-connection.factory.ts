import { connect, NatsConnection } from 'nats';

export interface NatsConnectionOptions {
  url: string;
  name?: string;
  user?: string;
  pass?: string;
  token?: string;
}

/** What both NATS clients connect with: endless reconnects, as a NATS restart must pause Herald, never end it. */
export function connectionOptions(opts: NatsConnectionOptions, suffix = '') {
  return {
    servers: opts.url.split(',').map((s) => s.trim()),
    name: `${opts.name ?? 'herald'}${suffix}`,
    user: opts.user,
    pass: opts.pass,
    token: opts.token,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    waitOnFirstConnect: true,
    // Otherwise every request (each JetStream publish) captures a stack trace, a measurable cost at high rates.
    noAsyncTraces: true,
  };
}

export async function connectNats(opts: NatsConnectionOptions): Promise<NatsConnection> {
  return connect(connectionOptions(opts));
}
