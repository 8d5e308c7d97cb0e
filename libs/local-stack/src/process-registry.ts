/** Something this library started that must not outlive the host process. */
export interface LocalResource {
  /** Graceful, idempotent stop. */
  stop(): Promise<void>;
  /** Last-resort cleanup for process 'exit', where nothing asynchronous runs any more. */
  killSync(): void;
}

const resources = new Set<LocalResource>();
let exitHookInstalled = false;

/** Tracks a resource until the returned function is called (when it has stopped). */
export function trackResource(resource: LocalResource): () => void {
  if (!exitHookInstalled) {
    // Only 'exit': signal handling belongs to the host, which should call stopAllLocalProcesses() itself.
    process.on('exit', killAllSync);
    exitHookInstalled = true;
  }
  resources.add(resource);
  return () => resources.delete(resource);
}

/** Gracefully stops every process and stack this library started and has not stopped yet. */
export async function stopAllLocalProcesses(): Promise<void> {
  const results = await Promise.allSettled([...resources].map((resource) => resource.stop()));
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
}

function killAllSync(): void {
  // Newest first: a stack's children go before the stack removes their data dir.
  for (const resource of [...resources].reverse()) {
    try {
      resource.killSync();
    } catch {
      // keep going: the remaining children matter more than this one's error
    }
  }
  resources.clear();
}
