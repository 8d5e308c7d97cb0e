// Bundles the console into dist/: one hashed script, one hashed stylesheet, and index.html naming them.
// tsc (the package's build script) type-checks first; esbuild only strips the types.
import * as esbuild from 'esbuild';
import { readFile, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(root, 'dist');
await rm(dist, { recursive: true, force: true });
const result = await esbuild.build({
  entryPoints: { app: path.join(root, 'src/main.ts'), styles: path.join(root, 'src/styles.css') },
  outdir: dist,
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  target: ['es2022'],
  metafile: true,
  logLevel: 'warning',
});
const outputs = Object.entries(result.metafile.outputs);
const named = (entry) => path.basename(outputs.find(([, o]) => o.entryPoint?.endsWith(entry))[0]);
const html = (await readFile(path.join(root, 'src/index.html'), 'utf8'))
  .replace('%APP_JS%', named('src/main.ts'))
  .replace('%STYLES_CSS%', named('src/styles.css'));
await writeFile(path.join(dist, 'index.html'), html);
