import type { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope's recipients (RCPT TO). */
  to: string[];
  parsed: ParsedMail;
  /** The raw message as it came over the wire. */
  raw: string;
}

/** What the sink answers to a message: accepted (250), or an SMTP reply code and text for a refusal. */
export type SmtpAnswer = { accept: true } | { code: number; text: string };

/** What the answer is decided on: the envelope and the message's place in the arrival order. */
export interface OfferedMail {
  to: string[];
  index: number;
}

interface Waiter {
  match(mail: ReceivedMail): boolean;
  resolve(mail: ReceivedMail): void;
}

/**
 * A real SMTP server on loopback (smtp-server) that parses every message with mailparser, records the accepted ones
 * and answers as the test scripts it; waiters resolve when a matching mail arrives, so tests never sleep.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  /** Every message offered, accepted or refused, in arrival order. */
  readonly offered: OfferedMail[] = [];
  private answer: (mail: OfferedMail) => SmtpAnswer = () => ({ accept: true });
  private waiters: Waiter[] = [];

  private constructor(private readonly server: SMTPServer) {}

  static async start(): Promise<SmtpSink> {
    const holder: { sink?: SmtpSink } = {};
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      // Pooled clients keep connections open; closing must not wait for them.
      closeTimeout: 200,
      onData: (stream, session, callback) => void holder.sink?.onData(stream, session, callback),
    });
    const sink = (holder.sink = new SmtpSink(server));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sink;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  /** HERALD_SMTP_* for a Herald that sends through this sink. */
  get heraldEnv(): Record<string, string> {
    return { HERALD_SMTP_HOST: '127.0.0.1', HERALD_SMTP_PORT: String(this.port), HERALD_SMTP_FROM: 'herald@test' };
  }

  answerWith(fn: (mail: OfferedMail) => SmtpAnswer): void {
    this.answer = fn;
  }

  /** The next accepted mail (already received or still to come) that matches; rejects after timeoutMs. */
  waitFor(match: (mail: ReceivedMail) => boolean, timeoutMs = 30_000): Promise<ReceivedMail> {
    const found = this.mails.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching mail in ${timeoutMs} ms; got ${this.mails.length}`));
      }, timeoutMs);
      const waiter: Waiter = {
        match,
        resolve: (mail) => {
          clearTimeout(timer);
          resolve(mail);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** The next accepted mail to an address (with that subject, when given). */
  mailTo(address: string, subject?: string): Promise<ReceivedMail> {
    return this.waitFor(
      (m) => m.to.includes(address.toLowerCase()) && (subject === undefined || m.parsed.subject === subject),
    );
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    callback: (err?: Error | null) => void,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    await new Promise((resolve) => stream.on('end', resolve));
    const offered: OfferedMail = {
      to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
      index: this.offered.length,
    };
    this.offered.push(offered);
    const answer = this.answer(offered);
    if (!('accept' in answer)) {
      callback(Object.assign(new Error(answer.text), { responseCode: answer.code }));
      return;
    }
    // Answered before parsing: the client's latency is the server's, not mailparser's.
    callback(null);
    const raw = Buffer.concat(chunks).toString('utf8');
    const mail: ReceivedMail = { to: offered.to, parsed: await simpleParser(raw), raw };
    this.mails.push(mail);
    for (const w of this.waiters.filter((w) => w.match(mail))) {
      this.waiters = this.waiters.filter((x) => x !== w);
      w.resolve(mail);
    }
  }
}
