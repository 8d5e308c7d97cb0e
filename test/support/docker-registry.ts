import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort } from '@herald/local-stack';

const REGISTRY_BIN = '/usr/bin/docker-registry';
const run = promisify(execFile);

export interface DistributionRegistry {
  /** `127.0.0.1:<port>`, for image references. */
  host: string;
  logs(): string;
  /** The digest the registry serves for a tag (what its notification's target.digest says). */
  manifestDigest(repository: string, tag: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Debian's docker-registry (CNCF distribution 2.8.2) on a free loopback port, storing in `dir`, with one notification
 * endpoint (`url`, sending `Authorization: Bearer <token>`) that it retries every second until it answers 2xx.
 */
export async function startDistributionRegistry(opts: { dir: string; url: string; token: string }) {
  const port = await findFreePort();
  const config = path.join(opts.dir, 'config.yml');
  fs.writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: info',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(opts.dir, 'storage')}`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      'notifications:',
      '  endpoints:',
      '    - name: herald',
      `      url: ${opts.url}`,
      '      headers:',
      `        Authorization: [Bearer ${opts.token}]`,
      '      timeout: 2s',
      '      threshold: 3',
      '      backoff: 1s',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(REGISTRY_BIN, ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const host = `127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const up = await fetch(`http://${host}/v2/`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`docker-registry did not start:\n${output.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const registry: DistributionRegistry = {
    host,
    logs: () => output,
    manifestDigest: async (repository, tag) => {
      const res = await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, {
        method: 'HEAD',
        headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
      });
      const digest = res.headers.get('docker-content-digest');
      if (!digest) throw new Error(`no digest for ${repository}:${tag} (${res.status})`);
      return digest;
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
  return registry;
}

/** `skopeo copy` of an OCI layout's tag to the registry, over plain HTTP, without a signature policy file. */
export async function skopeoPush(layoutDir: string, tag: string, registryHost: string, repository: string) {
  await run(
    'skopeo',
    [
      '--insecure-policy',
      'copy',
      '--dest-tls-verify=false',
      `oci:${layoutDir}:${tag}`,
      `docker://${registryHost}/${repository}:${tag}`,
    ],
    { timeout: 120_000 },
  );
}
