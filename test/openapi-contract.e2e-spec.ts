import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseEncryptionKeys, SecretBox } from '@herald/core';
import { HeraldProcess, startHerald } from './support/herald.process';
import { HttpSink } from './support/http-sink';
import { SmtpSink } from './support/smtp-sink';
import { jwtFor, TEST_JWT_SECRET } from './support/jwt.tokens';
import { createPublishToken } from './support/source-ingest';
import { openTestEnvironment, TEST_ENCRYPTION_KEYS, TestEnvironment } from './support/test-environment';

const REPO_ROOT = path.resolve(__dirname, '..');
const HOOKS = path.join(__dirname, 'support/schemathesis_hooks.py');

/** What the fuzzer fails on: a 5xx, a status, body, content type or header the document does not describe. */
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'response_schema_conformance',
  'content_type_conformance',
  'response_headers_conformance',
];
/** Test cases per operation and phase: with 20 operations, about a minute on two busy cores. */
const MAX_EXAMPLES = 40;
const SEED = 20261202;

interface OpenApiDocument {
  paths: Record<
    string,
    Record<
      string,
      {
        security?: unknown[];
        requestBody?: unknown;
        responses: Record<
          string,
          { content?: Record<string, { schema?: { $ref?: string } }>; headers?: Record<string, { required?: boolean }> }
        >;
      }
    >
  >;
}

interface FuzzerRun {
  code: number | null;
  output: string;
  ms: number;
}

function runFuzzer(st: string, args: string[], env: Record<string, string>, cwd: string): Promise<FuzzerRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(st, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

/** The closing part of the fuzzer's report: operations, phases, failures, case count, time. */
function summaryOf(output: string): string {
  const at = output.lastIndexOf('SUMMARY');
  const summary = at < 0 ? output.slice(-4000) : output.slice(output.lastIndexOf('\n', at) + 1);
  // Schemathesis closes with pytest's rule line ("=== 2 warnings in 26.8s ==="). CI reads such a line as the suite's
  // own closing line and judged a 1,579-test run as having run no test, so the rules stay out of the log.
  return summary
    .split('\n')
    .filter((line) => !/^\s*={3,}.*={3,}\s*$/.test(line))
    .join('\n');
}

/** Herald's logged errors (a 5xx logs its stack), for the failure message. */
function heraldErrors(logs: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = logs.replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  const errors = lines.flatMap((line, i) => (/\bERROR\b/.test(line) ? lines.slice(i, i + 6) : []));
  return errors.length ? `Herald logged:\n${errors.join('\n').slice(-8000)}` : 'Herald logged no error';
}

describe('the OpenAPI document, against the running API (Schemathesis)', () => {
  let env: TestEnvironment;
  let herald: HeraldProcess;
  let sink: HttpSink;
  /** Where the confirmation mails of generated POST authorizedemail calls go: nothing leaves the machine. */
  let smtp: SmtpSink;
  let st: string;
  let workDir: string;

  beforeAll(async () => {
    // The fuzzer's own venv (.tools/venv): installed on first use, a quick check after that.
    const installing = promisify(execFile)('bash', [path.join(REPO_ROOT, 'scripts/ensure-fuzzer.sh')], {
      timeout: 240_000,
    });
    env = await openTestEnvironment('openapi-contract');
    sink = await HttpSink.start();
    smtp = await SmtpSink.start();
    herald = await startHerald({
      ...env.heraldEnv,
      ...smtp.heraldEnv,
      HERALD_JWT_SECRET: TEST_JWT_SECRET,
      HERALD_API_RATE_LIMIT: '1000000',
    });
    st = (await installing).stdout.trim();
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-fuzz-'));
  }, 300_000);

  afterAll(async () => {
    await herald?.stop();
    await sink?.close();
    await smtp?.close();
    await env?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('documents the statuses no generated request reaches: 401 and 429 on every authenticated route, 413 with a body', async () => {
    const doc = (await (await fetch(`${herald.url}/api/openapi.json`)).json()) as OpenApiDocument;
    const problems: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(op.responses);
        // Only /health is open; its 503 is its own body.
        if (!op.security?.length) continue;
        for (const [status, response] of Object.entries(op.responses)) {
          const schema = response.content?.['application/json']?.schema?.$ref;
          if (Number(status) >= 400 && schema !== '#/components/schemas/ApiErrorResponse') {
            problems.push(`${name}: ${status} without the ApiErrorResponse body`);
          }
        }
        for (const status of ['401', '429']) if (!statuses.includes(status)) problems.push(`${name}: no ${status}`);
        if (!op.responses['429']?.headers?.['Retry-After']?.required) problems.push(`${name}: 429 without Retry-After`);
        if (op.requestBody && !statuses.includes('413')) problems.push(`${name}: a body but no 413`);
      }
    }
    expect(problems).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThanOrEqual(10);
  });

  it('answers every generated request with a documented status, body, content type and headers, and no 5xx', async () => {
    const token = await jwtFor('openapi-fuzzer', [], { superuser: true, expiresIn: '1h' });
    const publishToken = await createPublishToken(herald.url, token, '*');
    const run = await runFuzzer(
      st,
      [
        'run',
        `${herald.url}/api/openapi.json`,
        '--checks',
        CHECKS.join(','),
        '--max-examples',
        String(MAX_EXAMPLES),
        '--seed',
        String(SEED),
        '--generation-database',
        'none',
        // One worker: Python 3.11's parser is not thread-safe under Hypothesis ("AST constructor recursion depth
        // mismatch" at random), and Herald, not the fuzzer, is the bottleneck.
        '--workers',
        '1',
        '--request-timeout',
        '20',
        '--no-color',
      ],
      {
        SCHEMATHESIS_HOOKS: HOOKS,
        HERALD_FUZZ_SINK_URL: `${sink.url}/fuzz-hook`,
        HERALD_FUZZ_ADMIN_TOKEN: token,
        HERALD_FUZZ_PUBLISH_TOKEN: publishToken,
      },
      workDir,
    );
    console.log(`Schemathesis finished in ${(run.ms / 1000).toFixed(1)} s:\n${summaryOf(run.output)}`);
    if (run.code !== 0) {
      throw new Error(`Schemathesis exited ${run.code}:\n${run.output.slice(-30_000)}\n${heraldErrors(herald.logs())}`);
    }
    // The hook sent every created notification to the sink on loopback; nothing else was ever a delivery target.
    // The URLs are stored encrypted: open them with the suite's key.
    const box = new SecretBox(parseEncryptionKeys(TEST_ENCRYPTION_KEYS));
    const stored = await env.db.collection('notifications').find().toArray();
    const elsewhere = stored
      .map((n) => box.open(String((n.config as { url?: unknown }).url)))
      .filter((url) => url !== `${sink.url}/fuzz-hook`);
    expect(elsewhere).toEqual([]);
  }, 300_000);
});
