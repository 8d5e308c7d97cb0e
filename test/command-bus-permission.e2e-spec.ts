import { INestApplicationContext, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { CommandBus, CommandHandler, CqrsModule, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import {
  Actor,
  CreateNotificationCommand,
  HandlerPermissionVerifier,
  parseEncryptionKeys,
  ListNotificationsQuery,
  PermissionDeniedError,
  RepositoryCommand,
} from '@herald/core';
import { WebhookPluginModule } from '@herald/plugin-webhook';
import { AppModule } from '../apps/herald/src/app.module';
import { loadConfig } from '../apps/herald/src/config/herald.config';
import { openTestEnvironment, TEST_ENCRYPTION_KEYS, TestEnvironment } from './support/test-environment';

const actor = (id: string, actions: string[]): Actor => ({
  id,
  kind: 'user',
  superuser: false,
  access: [{ type: 'repository', name: 'acme/web', actions }],
});

function appModule(env: TestEnvironment, extra: unknown[] = []) {
  const config = loadConfig({ ...env.heraldEnv, HERALD_JWT_SECRET: 'unused-in-this-test' });
  const root = AppModule.register({
    config: { ...config, natsUrl: env.natsUrl, mongoUri: env.mongoUri },
    plugins: [{ spec: 'webhook', name: 'webhook', module: WebhookPluginModule }],
    pluginFailures: [],
    encryptionKeys: parseEncryptionKeys(TEST_ENCRYPTION_KEYS),
  });
  return { ...root, providers: [...(root.providers ?? []), ...(extra as never[])] };
}

describe('the command bus itself enforces repository-admin permission', () => {
  let env: TestEnvironment;
  let app: INestApplicationContext;

  beforeAll(async () => {
    env = await openTestEnvironment('command-bus');
    app = await NestFactory.createApplicationContext(appModule(env), { logger: false });
  });

  afterAll(async () => {
    await app?.close();
    await env?.close();
  });

  const create = (who: Actor) =>
    app.get(CommandBus).execute(
      new CreateNotificationCommand(who, 'acme/web', {
        event: 'repo_push',
        method: 'webhook',
        config: { url: 'http://127.0.0.1:9/' },
      }),
    );

  it('refuses a command sent straight to the CommandBus by a non-admin, and audits it', async () => {
    await expect(create(actor('pusher', ['push', 'pull']))).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(
      app.get(QueryBus).execute(new ListNotificationsQuery(actor('pusher', ['pull']), 'acme/web')),
    ).rejects.toThrow(/not an admin of acme\/web/);
    const denied = await env.db.collection('audit_log').find({ kind: 'denied' }).toArray();
    expect(denied.map((d) => d.performer.id)).toEqual(['pusher', 'pusher']);
    expect(await env.db.collection('notifications').countDocuments()).toBe(0);
  });

  it('runs the same command for an admin', async () => {
    const view = await create(actor('owner', ['*']));
    expect(view).toMatchObject({ event: 'repo_push', method: 'webhook', number_of_failures: 0 });
    expect(await env.db.collection('notifications').countDocuments()).toBe(1);
  });
});

class SneakyCommand extends RepositoryCommand<void> {}

@CommandHandler(SneakyCommand)
class SneakyHandler implements ICommandHandler<SneakyCommand> {
  async execute(): Promise<void> {}
}

describe('a handler that bypasses the check', () => {
  it('stops the host from starting', async () => {
    // The verifier alone, with the discovery it uses: the whole host would also open NATS and MongoDB connections.
    @Module({ imports: [DiscoveryModule, CqrsModule.forRoot()], providers: [HandlerPermissionVerifier, SneakyHandler] })
    class SneakyHost {}
    await expect(
      NestFactory.createApplicationContext(SneakyHost, { logger: false, abortOnError: false }),
    ).rejects.toThrow(/refusing to start: command handler SneakyHandler does not extend AuthorizedHandler/);
  });
});
