import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import { checkActionPluginContract, ContractTargets, DeliveryRequest } from '@herald/plugin-sdk';
import { EVENT_CATALOGUE } from '@herald/events';
import { SmtpSink } from '../../../test/support/smtp-sink';
import { EmailConfig } from './email-config.dto';
import { EmailPlugin } from './email.plugin';
import { smtpSettingsFromEnv } from './smtp-settings';

const plugins: EmailPlugin[] = [];

function pluginOn(port: number): EmailPlugin {
  const plugin = EmailPlugin.withSettings({
    ...smtpSettingsFromEnv({ HERALD_SMTP_HOST: '127.0.0.1', HERALD_SMTP_PORT: String(port) }),
  });
  plugins.push(plugin);
  return plugin;
}

/** HTTP statuses as SMTP replies: 2xx accepted, 500 a 451, 503 a 421 (both temporary), 410 a 550 (permanent). */
const SMTP_REPLY: Record<number, { code: number; text: string }> = {
  500: { code: 451, text: 'local error in processing' },
  503: { code: 421, text: 'service not available' },
  410: { code: 550, text: 'mailbox unavailable' },
};

/** A TCP server that accepts and never greets: the SMTP face of a target that never answers. */
async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const SMTP_TARGETS: ContractTargets = {
  async start(status) {
    if (status === null) return silentServer();
    const sink = await SmtpSink.start();
    const reply = SMTP_REPLY[status];
    sink.answerWith(() => (reply && status >= 300 ? reply : { accept: true }));
    return { url: `smtp://127.0.0.1:${sink.port}`, close: () => sink.close() };
  },
  async refusedUrl() {
    const sink = await SmtpSink.start();
    const port = sink.port;
    await sink.close();
    return `smtp://127.0.0.1:${port}`;
  },
};

function request(overrides: Partial<DeliveryRequest<EmailConfig>> = {}): DeliveryRequest<EmailConfig> {
  return {
    deliveryId: 'ev-1:n-1',
    eventId: 'ev-1',
    event: 'repo_push',
    payload: { ...EVENT_CATALOGUE.repo_push.sample },
    notification: {
      uuid: 'n-1',
      repository: 'mynamespace/repository',
      event: 'repo_push',
      method: 'email',
      config: { email: 'ops@example.com' },
      event_config: {},
      title: 'pushes',
    },
    attempt: 1,
    test: false,
    ...overrides,
  };
}

const ctx = (authorized: boolean | undefined) => ({
  signal: new AbortController().signal,
  timeoutMs: 10_000,
  ...(authorized === undefined ? {} : { isEmailAuthorized: async () => authorized }),
});

afterAll(async () => {
  for (const p of plugins) await p.onModuleDestroy();
});

describe('EmailPlugin', () => {
  it('keeps the action plugin contract over SMTP', async () => {
    const problems = await checkActionPluginContract({
      plugin: new EmailPlugin(),
      pluginFor: (url) => pluginOn(Number(new URL(url).port)),
      configFor: () => ({ email: 'ops@example.com' }),
      invalidConfigs: [
        { config: {}, field: 'email' },
        { config: { email: 'not an address' }, field: 'email' },
        { config: { email: 42 }, field: 'email' },
      ],
      targets: SMTP_TARGETS,
      context: { isEmailAuthorized: async () => true },
      userDestinations: false,
      timeoutMs: 3000,
    });
    expect(problems).toEqual([]);
  });

  describe('with a loopback SMTP server', () => {
    let sink: SmtpSink;
    let plugin: EmailPlugin;
    beforeAll(async () => {
      sink = await SmtpSink.start();
      plugin = pluginOn(sink.port);
    });
    afterAll(() => sink.close());

    it('mails the summary as subject with an HTML body and a text alternative', async () => {
      const outcome = await plugin.deliver(request(), ctx(true));
      expect(outcome.status).toBe('delivered');
      const mail = await sink.mailTo('ops@example.com');
      expect(mail.parsed.subject).toBe('Repository mynamespace/repository updated');
      expect(mail.parsed.text).toContain('Tag:');
      expect(mail.parsed.text).toContain('latest');
      expect(mail.parsed.html).toContain('<a href="https://quay.io/repository/mynamespace/repository">');
      expect(mail.parsed.headers.get('x-herald-delivery')).toBe('ev-1:n-1');
      expect(mail.parsed.headers.get('auto-submitted')).toBe('auto-generated');
    });

    it('sends nothing to an address that is not (or no longer) authorized: a permanent failure', async () => {
      const before = sink.offered.length;
      for (const authorized of [false, undefined]) {
        const outcome = await plugin.deliver(request(), ctx(authorized));
        expect(outcome).toMatchObject({ status: 'failed', errorClass: 'unauthorized_recipient' });
      }
      expect(sink.offered.length).toBe(before);
    });

    it('retries when the check itself fails', async () => {
      const outcome = await plugin.deliver(request(), {
        ...ctx(true),
        isEmailAuthorized: () => Promise.reject(new Error('database down')),
      });
      expect(outcome).toMatchObject({ status: 'retry', reason: expect.stringContaining('database down') });
    });

    it('mails the confirmation link', async () => {
      const link = 'http://herald.example/authrepoemail?code=abc';
      const outcome = await plugin.sendAddressConfirmation(
        { address: 'new@example.com', repository: 'ns/repo', link, expiresAt: new Date() },
        ctx(undefined),
      );
      expect(outcome.status).toBe('delivered');
      const mail = await sink.mailTo('new@example.com');
      expect(mail.parsed.subject).toBe('Herald: Please verify your e-mail address for repository ns/repo');
      expect(mail.parsed.text).toContain(link);
      expect(mail.parsed.html).toContain(`href="${link}"`);
    });
  });

  describe('checkConfig', () => {
    const plugin = new EmailPlugin();
    it('accepts an authorized address and names config.email otherwise', async () => {
      const base = { repository: 'ns/repo', actorId: 'alice' };
      expect(await plugin.checkConfig({ email: 'a@b.c' }, { ...base, isEmailAuthorized: async () => true })).toEqual(
        [],
      );
      const refused = await plugin.checkConfig({ email: 'a@b.c' }, { ...base, isEmailAuthorized: async () => false });
      expect(refused).toEqual([expect.stringMatching(/^config\.email: a@b\.c is not an authorized e-mail address/)]);
      expect(await plugin.checkConfig({ email: 'a@b.c' }, base)).toEqual([expect.stringMatching(/^config\.email: /)]);
    });
  });
});
