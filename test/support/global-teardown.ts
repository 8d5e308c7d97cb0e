export default async function globalTeardown(): Promise<void> {
  await globalThis.__HERALD_TEST_STACK__?.stop();
}
