// Build: regenerate schema types, then bundle the action entry points and the CLI with ncc.
import { execFileSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });

run(process.execPath, ['scripts/schema-types.mjs']);
rmSync(`${root}dist`, { recursive: true, force: true });
const entries = [
  ['src/index.ts', 'dist'],
  ['src/post-index.ts', 'dist/post'],
  ['src/cli.ts', 'dist/cli'],
];
for (const [entry, out] of entries) {
  run(process.execPath, [`${root}node_modules/@vercel/ncc/dist/ncc/cli.js`, 'build', entry, '-o', out, '--quiet', '--license', 'licenses.txt']);
}
// ncc writes a package.json beside each bundle; one at dist/ covers them all.
for (const sub of ['cli', 'post']) rmSync(`${root}dist/${sub}/package.json`, { force: true });
writeFileSync(`${root}dist/package.json`, '{"type":"module"}\n');
