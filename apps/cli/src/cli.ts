import { parseArgs } from 'node:util';
import { CliCommand, COMMANDS, UsageError } from './cli.commands';
import { TOKEN_MINT_USAGE, tokenMint } from './token-mint';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  err(text: string): void;
  fetch: typeof fetch;
}

export const HELP = `herald: manage repository notifications through Herald's API

Environment: HERALD_URL (default http://127.0.0.1:8080), HERALD_TOKEN (a bearer JWT or API token)

Commands:
${Object.values(COMMANDS)
  .map((c) => `  herald ${c.usage}`)
  .join('\n')}
  herald ${TOKEN_MINT_USAGE}
      (offline: signs with --key-file, --secret-file, HERALD_JWT_SECRET or the local stack's .herald/jwt.secret)
`;

function findCommand(words: string[]): { name: string; command: CliCommand; rest: string[] } | undefined {
  for (const take of [2, 1]) {
    const name = words.slice(0, take).join(' ');
    if (COMMANDS[name]) return { name, command: COMMANDS[name], rest: words.slice(take) };
  }
  return undefined;
}

function parse(command: CliCommand, argv: string[]) {
  const optionSpecs = Object.fromEntries(
    Object.keys(command.options ?? {}).map((k) => [k, { type: 'string' as const }]),
  );
  const { values, positionals } = parseArgs({ args: argv, options: optionSpecs, allowPositionals: true, strict: true });
  if (positionals.length !== command.args.length) throw new UsageError(`usage: herald ${command.usage}`);
  const args = Object.fromEntries(command.args.map((name, i) => [name, positionals[i]]));
  const options: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(command.options ?? {})) {
    const raw = values[name] as string | undefined;
    if (raw === undefined) {
      if (spec.required) throw new UsageError(`--${name} is required; usage: herald ${command.usage}`);
      continue;
    }
    try {
      options[name] = spec.json ? JSON.parse(raw) : raw;
    } catch {
      throw new UsageError(`--${name} must be JSON, e.g. '{"url": "https://example.com/hook"}'`);
    }
  }
  return { args, options };
}

/** Runs one invocation; returns the exit code (0 ok, 1 refused by the API or unreachable, 2 usage). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') {
    io.out(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  // Offline: mints from the key Herald verifies with, for the first token and for scripts.
  if (argv[0] === 'token' && argv[1] === 'mint') {
    try {
      io.out(tokenMint(argv.slice(2), io.env));
      return 0;
    } catch (err) {
      io.err(err instanceof Error ? err.message : String(err));
      return 2;
    }
  }
  const found = findCommand(argv);
  if (!found) {
    io.err(`unknown command "${argv.slice(0, 2).join(' ')}"\n\n${HELP}`);
    return 2;
  }
  let request;
  try {
    const { args, options } = parse(found.command, found.rest);
    request = found.command.request(args, options);
  } catch (err) {
    io.err(err instanceof Error ? err.message : String(err));
    return 2;
  }
  const base = (io.env.HERALD_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const headers: Record<string, string> = { accept: 'application/json' };
  if (io.env.HERALD_TOKEN) headers.authorization = `Bearer ${io.env.HERALD_TOKEN}`;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await io.fetch(`${base}${request.path}`, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
    });
  } catch (err) {
    io.err(`cannot reach Herald at ${base}: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: shown as it is.
  }
  if (!res.ok) {
    const message = (body as { message?: string } | undefined)?.message ?? text;
    io.err(`error ${res.status}: ${message}`);
    return 1;
  }
  io.out(body === undefined ? `ok (${res.status})` : JSON.stringify(body, null, 2));
  return 0;
}
