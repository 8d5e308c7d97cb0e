import { LocalStack, resolveStackFromEnv, startLocalStack } from '../../libs/local-stack/src'; // globalSetup runs outside jest's module mapping

declare global {
  var __HERALD_TEST_STACK__: LocalStack | undefined;
}

/**
 * One MongoDB-wire server for the whole run (each test file uses its own database); nats-server is started per test
 * file instead, because Herald's stream names are fixed. HERALD_MONGODB_URI points the suite at a real MongoDB.
 */
export default async function globalSetup(): Promise<void> {
  const fromEnv = resolveStackFromEnv();
  if (fromEnv.mongoUri) {
    process.env.HERALD_TEST_MONGODB_URI = fromEnv.mongoUri;
    return;
  }
  const stack = await startLocalStack({ nats: false, mongo: true, log: (m) => console.error(`[stack] ${m}`) });
  globalThis.__HERALD_TEST_STACK__ = stack;
  process.env.HERALD_TEST_MONGODB_URI = stack.mongoUri;
}
