import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import {
  ActionPlugin,
  AddressConfirmation,
  ConfigCheckContext,
  DeliveryContext,
  DeliveryOutcome,
  DeliveryRequest,
  HeraldActionPlugin,
} from '@herald/plugin-sdk';
import { EmailConfig } from './email-config.dto';
import { confirmationMail, eventMail, MailContent } from './event-mail';
import { composeMime, envelopeAddress } from './mime-message';
import { outcomeFromSmtpError } from './smtp-outcome';
import { SmtpSettings, smtpSettingsFromEnv } from './smtp-settings';

const UNCHECKABLE = 'this Herald cannot check authorized e-mail addresses';

/**
 * Runs the send, settling early when the signal aborts: a hung relay must give the delivery slot back whatever the
 * transport does. The listener goes once the send settles, so a long-lived signal collects none.
 */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) throw signal.reason;
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => (onAbort = () => reject(signal.reason)));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

@Injectable()
@HeraldActionPlugin()
export class EmailPlugin implements ActionPlugin<EmailConfig>, OnModuleDestroy {
  readonly method = 'email';
  readonly title = 'E-mail';
  readonly description = 'Mails the event to an address confirmed for the repository';
  readonly configClass = EmailConfig;
  private settings: SmtpSettings = smtpSettingsFromEnv(process.env);
  private transport?: Transporter;

  /** A plugin on other SMTP settings than the environment's (tests, the bench). */
  static withSettings(settings: SmtpSettings): EmailPlugin {
    const plugin = new EmailPlugin();
    plugin.settings = settings;
    return plugin;
  }

  /** Quay's rule, at creation: only an address confirmed for the repository. */
  async checkConfig(config: EmailConfig, ctx: ConfigCheckContext): Promise<string[]> {
    if (!ctx.isEmailAuthorized) return [`config.email: ${UNCHECKABLE}`];
    if (await ctx.isEmailAuthorized(config.email)) return [];
    return [
      `config.email: ${config.email} is not an authorized e-mail address for repository ${ctx.repository}; ` +
        'ask for it with POST /api/v1/repository/{namespace}/{repo}/authorizedemail/{email} and open the link mailed to it',
    ];
  }

  async deliver(req: DeliveryRequest<EmailConfig>, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    const to = req.notification.config.email;
    // Again at send time: an authorization revoked after creation stops the mail (and retrying will not help).
    let authorized: boolean;
    try {
      authorized = (await ctx.isEmailAuthorized?.(to)) ?? false;
    } catch (err) {
      return { status: 'retry', reason: `cannot check the authorized addresses: ${String(err)}`, errorClass: 'host' };
    }
    if (!authorized) {
      const why = ctx.isEmailAuthorized
        ? // The address itself would be masked in the history (a config value): name the role instead.
          `the recipient is no longer an authorized e-mail address for repository ${req.notification.repository}`
        : UNCHECKABLE;
      return { status: 'failed', reason: why, errorClass: 'unauthorized_recipient' };
    }
    return this.send(to, eventMail(req.event, req.payload, req.notification), ctx, {
      'X-Herald-Event': req.event,
      'X-Herald-Delivery': req.deliveryId,
      'X-Herald-Notification': req.notification.uuid,
    });
  }

  sendAddressConfirmation(c: AddressConfirmation, ctx: DeliveryContext): Promise<DeliveryOutcome> {
    return this.send(c.address, confirmationMail(this.settings.title, c.repository, c.link, c.expiresAt), ctx, {});
  }

  async onModuleDestroy(): Promise<void> {
    this.transport?.close();
    this.transport = undefined;
  }

  private async send(
    to: string,
    mail: MailContent,
    ctx: DeliveryContext,
    headers: Record<string, string>,
  ): Promise<DeliveryOutcome> {
    try {
      const from = this.settings.from;
      const sender = envelopeAddress(from);
      const raw = composeMime({
        from,
        to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        // RFC 3834: a notification, so vacation responders and the like stay quiet.
        headers: { 'Auto-Submitted': 'auto-generated', ...headers },
        domain: sender.slice(sender.lastIndexOf('@') + 1) || 'herald',
      });
      const sending = this.pool().sendMail({ envelope: { from: sender, to: [to] }, raw, signal: ctx.signal });
      // A send abandoned at the timeout may still fail later: that rejection is already accounted for.
      sending.catch(() => undefined);
      const info = await untilAborted(sending, ctx.signal);
      return { status: 'delivered', responseBody: String((info as { response?: unknown }).response ?? '') };
    } catch (err) {
      return outcomeFromSmtpError(err, ctx.signal);
    }
  }

  /** One pooled transport per plugin instance, opened on first use: connections are reused across deliveries. */
  private pool(): Transporter {
    const s = this.settings;
    this.transport ??= createTransport({
      pool: true,
      host: s.host,
      port: s.port,
      secure: s.secure,
      requireTLS: s.startTls === 'require',
      ignoreTLS: s.startTls === 'never',
      auth: s.user ? { user: s.user, pass: s.password } : undefined,
      maxConnections: s.poolSize,
      maxMessages: 1000,
      // Only the raw messages composed here are sent: nothing may read a file or a URL into one.
      disableFileAccess: true,
      disableUrlAccess: true,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
    return this.transport;
  }
}
