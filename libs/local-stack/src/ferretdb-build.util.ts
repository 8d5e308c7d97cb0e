import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findExecutable } from './binary-lookup.util';
import { tailLines } from './log-file.util';
import { CommandResult, runCommand } from './run-command.util';

const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

/**
 * Builds `ferretdb` from source into `<toolsDir>/bin/ferretdb` and returns that path.
 *
 * A plain `go install github.com/FerretDB/FerretDB/cmd/ferretdb@<version>` gives a binary that panics at start:
 * the module ships without the generated build/version/version.txt it requires. So we copy the module source
 * out of the (read-only) module cache, write that file, and `go build` there.
 */
export async function buildFerretDb(toolsDir: string, version: string, env: NodeJS.ProcessEnv): Promise<string> {
  const go = findExecutable('go', ['/usr/local/go/bin'], env);
  if (!go) {
    throw new Error(
      `FerretDB ${version} was not found and Go is not installed to build it. Install Go (https://go.dev/dl), ` +
        `or download ferretdb ${version} from https://github.com/FerretDB/FerretDB/releases and set ` +
        'HERALD_FERRETDB_BIN to it, or set HERALD_MONGODB_URI to use a running MongoDB-compatible server.',
    );
  }
  const bin = join(toolsDir, 'bin', 'ferretdb');
  process.stderr.write(`[herald] building FerretDB ${version} into ${bin} with Go (minutes the first time)\n`);
  // -buildvcs=false: the copied source is not a VCS checkout; the user's own GOFLAGS could break this build.
  const goEnv = { ...env, GOFLAGS: '-buildvcs=false', GO111MODULE: 'on' };

  const download = await runCommand(go, ['mod', 'download', '-json', `${FERRETDB_MODULE}@${version}`], {
    env: goEnv,
    cwd: tmpdir(),
  });
  const moduleDir = parseModuleDir(download);
  if (!moduleDir) throw buildError(`go mod download ${FERRETDB_MODULE}@${version}`, download);

  mkdirSync(join(toolsDir, 'bin'), { recursive: true });
  const srcDir = join(mkdtempSync(join(toolsDir, 'ferretdb-src-')), 'src');
  const tmpBin = `${bin}.${process.pid}.tmp`;
  try {
    cpSync(moduleDir, srcDir, { recursive: true });
    makeWritable(srcDir);
    writeFileSync(join(srcDir, 'build', 'version', 'version.txt'), `${version}\n`);
    const build = await runCommand(go, ['build', '-o', tmpBin, './cmd/ferretdb'], { env: goEnv, cwd: srcDir });
    if (build.code !== 0) throw buildError('go build ./cmd/ferretdb', build);
    // Renamed into place only when complete, so nobody ever runs a half-written binary.
    renameSync(tmpBin, bin);
    return bin;
  } finally {
    rmSync(tmpBin, { force: true });
    rmSync(dirname(srcDir), { recursive: true, force: true });
  }
}

function parseModuleDir(result: CommandResult): string | undefined {
  if (result.code !== 0) return undefined;
  try {
    const info = JSON.parse(result.stdout) as { Dir?: unknown };
    return typeof info.Dir === 'string' && info.Dir ? info.Dir : undefined;
  } catch {
    return undefined;
  }
}

// Module cache files are read-only; the copy needs a new file in it and must be removable afterwards.
function makeWritable(dir: string): void {
  chmodSync(dir, statSync(dir).mode | 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(path);
    else if (entry.isFile()) chmodSync(path, statSync(path).mode | 0o200);
  }
}

function buildError(step: string, result: CommandResult): Error {
  return new Error(
    `building FerretDB failed at \`${step}\` (exit code ${result.code}):\n${tailLines(result.stdout + result.stderr)}`,
  );
}
