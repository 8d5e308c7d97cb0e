import {
  checkActionPluginContract,
  ContractTargets,
  InAppInbox,
  InAppNotice,
  InboxRefusedError,
} from '@herald/plugin-sdk';
import { validateConfig } from '@herald/plugin-sdk';
import { QuayNotificationConfig } from './quay-notification-config.dto';
import { QuayNotificationPlugin } from './quay-notification.plugin';

/** An inbox behaving as the kit's HTTP status asks: 2xx stores, 5xx is away for now, 410 refuses, none never answers. */
function inboxFor(url: string): InAppInbox {
  const behaviour = new URL(url).pathname.slice(1);
  return {
    store: (notice: InAppNotice, signal?: AbortSignal) => {
      if (behaviour === '200' || behaviour === '204') return Promise.resolve({ id: notice.deliveryId, created: true });
      if (behaviour === '410') return Promise.reject(new InboxRefusedError('refused'));
      if (behaviour === 'hang')
        return new Promise((_, reject) => signal?.addEventListener('abort', () => reject(new Error('aborted'))));
      return Promise.reject(new Error(`connection lost (${behaviour})`));
    },
  };
}

const INBOX_TARGETS: ContractTargets = {
  start: (status) => Promise.resolve({ url: `inbox://host/${status ?? 'hang'}`, close: () => Promise.resolve() }),
  refusedUrl: () => Promise.resolve('inbox://host/refused'),
};

describe('QuayNotificationPlugin', () => {
  it('keeps the action plugin contract', async () => {
    const problems = await checkActionPluginContract({
      plugin: new QuayNotificationPlugin(inboxFor('inbox://host/200')),
      pluginFor: (url) => new QuayNotificationPlugin(inboxFor(url)),
      configFor: () => ({ target: { kind: 'team', name: 'acme/ops' } }),
      invalidConfigs: [
        { config: {}, field: 'target' },
        { config: { target: 'ops' }, field: 'target' },
        { config: { target: { name: 'ops' } }, field: 'target.kind' },
        { config: { target: { kind: 'robot', name: 'ops' } }, field: 'target.kind' },
        { config: { target: { kind: 'user' } }, field: 'target.name' },
        { config: { target: { kind: 'team', name: 'ops' } }, field: 'target.name' },
        { config: { target: { kind: 'org', name: 'acme/ops' } }, field: 'target.name' },
      ],
      targets: INBOX_TARGETS,
      userDestinations: false,
    });
    expect(problems).toEqual([]);
  });

  it("stores the registry's payload for the target, keyed by the delivery id", async () => {
    const stored: InAppNotice[] = [];
    const plugin = new QuayNotificationPlugin({
      store: (n) => {
        stored.push(n);
        return Promise.resolve({ id: 'x', created: true });
      },
    });
    const payload = { repository: 'acme/web', updated_tags: ['latest'] };
    const outcome = await plugin.deliver(
      {
        deliveryId: 'e1:n1',
        eventId: 'e1',
        event: 'repo_push',
        payload,
        notification: {
          uuid: 'n1',
          repository: 'acme/web',
          event: 'repo_push',
          method: 'quay_notification',
          config: { target: { kind: 'org', name: 'acme' } },
          event_config: {},
          title: null,
        },
        attempt: 1,
        test: false,
      },
      { signal: new AbortController().signal, timeoutMs: 1000 },
    );
    expect(outcome).toEqual({ status: 'delivered' });
    expect(stored).toEqual([
      {
        target: { kind: 'org', name: 'acme' },
        kind: 'repo_push',
        metadata: payload,
        repository: 'acme/web',
        notificationUuid: 'n1',
        deliveryId: 'e1:n1',
      },
    ]);
    expect(stored[0].metadata).toBe(payload);
  });

  it('names the field and says what a team name looks like', () => {
    expect(validateConfig(QuayNotificationConfig, { target: { kind: 'team', name: 'ops' } }).errors).toEqual([
      'config.target.name: Unknown team "ops": must be <organization>/<team> (lower case letters, digits, ".", "_", "-")',
    ]);
    expect(validateConfig(QuayNotificationConfig, {}).errors).toEqual(['config.target: Missing target']);
  });
});
