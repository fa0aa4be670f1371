// Build: regenerate schema types, then bundle the action entry points and the CLI with ncc. The bundles
// are built into a fresh folder that replaces dist/ only when complete, so a half-built dist/ never exists.
import { execFileSync } from 'node:child_process';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
const next = `${root}.dist-next`;

run(process.execPath, ['scripts/schema-types.mjs']);
rmSync(next, { recursive: true, force: true });
const entries = [
  ['src/entrypoints/action-main.ts', ''],
  ['src/entrypoints/action-post.ts', '/post'],
  ['src/entrypoints/cli.ts', '/cli'],
];
for (const [entry, sub] of entries) {
  run(process.execPath, [`${root}node_modules/@vercel/ncc/dist/ncc/cli.js`, 'build', entry, '-o', `${next}${sub}`, '--quiet', '--license', 'licenses.txt']);
}
// ncc writes a package.json beside each bundle; one at dist/ covers them all.
for (const sub of ['cli', 'post']) rmSync(`${next}/${sub}/package.json`, { force: true });
writeFileSync(`${next}/package.json`, '{"type":"module"}\n');
rmSync(`${root}dist`, { recursive: true, force: true });
renameSync(next, `${root}dist`);
