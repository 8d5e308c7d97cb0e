import { execFile } from 'node:child_process';

export interface CommandResult {
  /** Exit code; null when the command was killed or could not be started. */
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunCommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
}

/** Runs a command to completion and never rejects: callers decide what a failure means. */
export function runCommand(command: string, args: string[], opts: RunCommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { env: opts.env, cwd: opts.cwd, timeout: opts.timeoutMs ?? 0, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const spawnError = error && typeof error.code === 'string' ? `${error.message}\n` : '';
        resolve({ code, stdout: String(stdout), stderr: spawnError + String(stderr) });
      },
    );
  });
}
