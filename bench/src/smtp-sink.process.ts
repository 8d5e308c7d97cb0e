import { SMTPServer } from 'smtp-server';
import { nowMs } from './clock.util';
import { recordArrival, send, serveSinkIpc } from './sink.recorder';

/**
 * The e-mail scenario's receiver, in a process of its own: an SMTP server (smtp-server) on loopback that accepts every
 * message with 250 as soon as it is read and records it like the webhook sink does. A mail carries no payload fields,
 * so the event's seq and publish time travel in its event id (see email.scenario), which Herald puts in the mail's
 * X-Herald-Delivery header.
 */
const DELIVERY = /^X-Herald-Delivery:[ \t]*bench-\d+-[\w-]*?-(-?\d+)-(\d+(?:\.\d+)?):/im;
/** The headers are all it reads; they come first. */
const HEAD_BYTES = 8192;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  // Pooled clients keep their connections; as many as the plugin opens are welcome.
  maxClients: 1000,
  onData(stream, _session, callback) {
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < HEAD_BYTES) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      const at = nowMs();
      callback(null);
      // Long header lines may be folded: unfold before matching.
      const m = DELIVERY.exec(head.replace(/\r?\n[ \t]+/g, ''));
      recordArrival(m ? Number(m[1]) : NaN, m ? Number(m[2]) : NaN, at);
    });
  },
});

serveSinkIpc();
server.listen(0, '127.0.0.1', () => {
  const address = server.server.address();
  send({ type: 'ready', url: `smtp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` });
});
