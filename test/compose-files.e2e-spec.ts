import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { DOCKER_COMPOSE_VERSION, ensureDockerCompose } from '@herald/local-stack';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const FILES = ['docker-compose.yml', 'deploy/cluster/docker-compose.yml'];

interface Checked {
  code: number;
  output: string;
}

/**
 * Both compose files through Docker Compose's own `config --quiet` (built from its module, see tools/docker-compose):
 * the Compose specification's schema, interpolation with an .env file, required variables and references between
 * services. No Docker engine is used, so nothing is pulled, built or started.
 */
describe(`the compose files follow the Compose specification (docker compose ${DOCKER_COMPOSE_VERSION} config)`, () => {
  let checker: string;
  let dir: string;
  let envFile: string;

  const check = async (file: string, envFile: string): Promise<Checked> => {
    const args = ['--env-file', envFile, '--file', file, 'config', '--quiet'];
    // HERALD_* of the suite's own shell must not stand in for the .env file under test.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('HERALD_')));
    try {
      const { stdout, stderr } = await run(checker, args, { cwd: ROOT, env });
      return { code: 0, output: stdout + stderr };
    } catch (err) {
      const e = err as { code?: number; stdout?: string; stderr?: string };
      return { code: typeof e.code === 'number' ? e.code : -1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  };

  /** A copy of the root compose file with one change, beside it in the temporary folder. */
  const brokenCopy = (name: string, from: string | RegExp, to: string): string => {
    const text = fs.readFileSync(path.join(ROOT, FILES[0]), 'utf8');
    const broken = text.replace(from, to);
    expect(broken).not.toBe(text);
    const file = path.join(dir, name);
    fs.writeFileSync(file, broken);
    return file;
  };

  beforeAll(async () => {
    // Built once into the tools folder, then reused: minutes with cold Go caches on a busy machine (see the README).
    checker = await ensureDockerCompose();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-compose-'));
    // A throw-away .env as the README tells operators to write one.
    envFile = path.join(dir, '.env');
    fs.writeFileSync(
      envFile,
      `HERALD_ENCRYPTION_KEYS=k1:${randomBytes(32).toString('base64')}\nHERALD_JWT_SECRET=${randomBytes(24).toString('hex')}\n`,
    );
  }, 900_000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(FILES)('%s is valid with the secrets of an .env file', async (file) => {
    expect(await check(file, envFile)).toEqual({ code: 0, output: '' });
  });

  it.each(FILES)('%s refuses to load without the secrets, naming the variable', async (file) => {
    const empty = path.join(dir, 'empty.env');
    fs.writeFileSync(empty, '');
    const result = await check(file, empty);
    expect(result.code).toBe(1);
    expect(result.output).toContain('required variable HERALD_JWT_SECRET is missing a value');
    expect(result.output).toContain('required variable HERALD_ENCRYPTION_KEYS is missing a value');
  });

  it('fails on a property the specification does not have', async () => {
    const file = brokenCopy('unknown-key.yml', /^ {2}herald:$/m, '  herald:\n    restart_polcy: always');
    const result = await check(file, envFile);
    expect(result.code).toBe(1);
    expect(result.output).toContain('services.herald.restart_polcy');
  });

  it('fails on a value of the wrong type', async () => {
    const file = brokenCopy('bad-type.yml', /^ {2}herald:$/m, '  herald:\n    mem_swappiness: lots');
    const result = await check(file, envFile);
    expect(result.code).toBe(1);
    expect(result.output).toContain('mem_swappiness');
  });

  it('fails on a dependency on a service that does not exist', async () => {
    const file = brokenCopy('unknown-service.yml', /^( {6}- )nats$/m, '$1natsd');
    const result = await check(file, envFile);
    expect(result.code).toBe(1);
    expect(result.output).toContain('depends on undefined service "natsd"');
  });
});
