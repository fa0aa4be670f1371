// Build: regenerate schema types, then bundle the action entry points and the CLI with ncc. The bundles
// are built into a fresh folder that replaces dist/ only when complete, so a half-built dist/ never exists.
// The three bundles are built side by side, each into a folder of its own (ncc empties the folder it
// writes to of scripts, so a nested one would lose its files), then put together: each ncc is one busy
// core for a while, and each keeps its own cache (named after its entry).
import { execFile, execFileSync } from 'node:child_process';
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
const partOf = (sub) => `${next}-part${sub.replace('/', '-')}`;
const bundle = ([entry, sub]) =>
  new Promise((resolve, reject) => {
    rmSync(partOf(sub), { recursive: true, force: true });
    const args = [`${root}node_modules/@vercel/ncc/dist/ncc/cli.js`, 'build', entry, '-o', partOf(sub), '--quiet', '--license', 'licenses.txt'];
    execFile(process.execPath, args, { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      process.stdout.write(stdout);
      process.stderr.write(stderr);
      if (error) reject(new Error(`ncc could not bundle ${entry}: ${error.message}`));
      else resolve();
    });
  });
const results = await Promise.allSettled(entries.map(bundle));
const failed = results.filter((result) => result.status === 'rejected');
if (failed.length > 0) {
  for (const failure of failed) console.error(failure.reason.message);
  for (const [, sub] of entries) rmSync(partOf(sub), { recursive: true, force: true });
  process.exit(1);
}
// The action's main bundle is the root of dist/; the others go in beneath it.
for (const [, sub] of entries) renameSync(partOf(sub), `${next}${sub}`);
// ncc writes a package.json beside each bundle; one at dist/ covers them all.
for (const sub of ['cli', 'post']) rmSync(`${next}/${sub}/package.json`, { force: true });
writeFileSync(`${next}/package.json`, '{"type":"module"}\n');
rmSync(`${root}dist`, { recursive: true, force: true });
renameSync(next, `${root}dist`);
