import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { raw } from 'express';
import { startLocalStack } from '@herald/local-stack';
import { ApiErrorFilter } from './api/api-error.filter';
import { jsonBodyOptions } from './api/json-body';
import { setupOpenApi } from './api/openapi.setup';
import { AppModule } from './app.module';
import { resolveEncryptionKeys } from './config/encryption-keys';
import { ConfigError, loadConfig } from './config/herald.config';
import { firstTokenHint, resolveJwtKey } from './config/jwt-key';
import { createHeraldLogger } from './logging/herald.logger';
import { logSettingsFromEnv } from './logging/log-settings';
import { MetricsService } from './metrics/metrics.service';
import { loadPlugins } from './plugins/plugin.loader';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // Every Logger, the framework's included, writes through it from here on.
  const heraldLogger = createHeraldLogger(logSettingsFromEnv(), config.instanceName);
  Logger.overrideLogger(heraldLogger);
  const logger = new Logger('Herald');

  // A laptop with nothing configured gets its own nats-server and FerretDB, kept in the data dir between runs.
  const needNats = !config.natsUrl;
  const needMongo = !config.mongoUri;
  const stack =
    needNats || needMongo
      ? await startLocalStack({ dataDir: config.dataDir, nats: needNats, mongo: needMongo })
      : undefined;
  if (stack)
    logger.log(`local stack in ${stack.dataDir}: ${[stack.natsUrl, stack.mongoUri].filter(Boolean).join(', ')}`);
  let encryptionKeys;
  let jwt;
  try {
    encryptionKeys = resolveEncryptionKeys(process.env.HERALD_ENCRYPTION_KEYS, needMongo ? stack?.dataDir : undefined);
    // A development setup (any server of its own) gets a signing secret of its own too; external servers need a key.
    jwt = resolveJwtKey(config.auth, stack?.dataDir);
  } catch (err) {
    await stack?.stop();
    throw err;
  }
  const natsUrl = (config.natsUrl ?? stack?.natsUrl) as string;
  const mongoUri = (config.mongoUri ?? stack?.mongoUri) as string;

  const { loaded, failed } = await loadPlugins(config.plugins);
  for (const f of failed) logger.error(`plugin ${f.spec} failed to load: ${f.error}`);
  if (failed.length && config.pluginsStrict) {
    await stack?.stop();
    throw new ConfigError(`${failed.length} plugin(s) failed to load and HERALD_PLUGINS_STRICT is set`);
  }
  logger.log(`plugins loaded: ${loaded.map((p) => p.name).join(', ') || '(none)'}`);

  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register({
      config: { ...config, natsUrl, mongoUri, auth: jwt.auth },
      plugins: loaded,
      pluginFailures: failed,
      encryptionKeys,
    }),
    // JSON only (the API documents no other body), bounded in size and depth.
    { bufferLogs: false, bodyParser: false, logger: heraldLogger },
  );
  // First, so that every answer is counted, refusals by the body parser included.
  app.use(app.get(MetricsService).countRequests());
  // A registry's request reaches its source plugin as the bytes it sent, whatever its media type (checked by the route).
  app.use('/api/v1/sources', raw({ type: () => true, limit: config.api.maxBodyBytes }));
  app.useBodyParser('json', jsonBodyOptions(config.api));
  app.useGlobalFilters(new ApiErrorFilter());
  setupOpenApi(app);

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: stopping intake, finishing in-flight work`);
    try {
      await app.close();
      await stack?.stop();
    } finally {
      process.exit(0);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));

  await app.listen(config.httpPort, config.httpHost);
  logger.log(`Herald ${config.instanceName} listening on http://${config.httpHost}:${config.httpPort}`);
  if (jwt.devSecretFile) logger.warn(firstTokenHint(jwt.devSecretFile));
}

bootstrap().catch((err: unknown) => {
  new Logger('Herald').error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
