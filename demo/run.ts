// `npm run demo`: runs the offline demo and exits 0 only when the loop ended approved.
// Usage: node --import ./demo/ts-hooks.mjs demo/run.ts [--out <dir>]   (default: demo-output/)
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DemoError, runDemo } from './demo.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const outDir = outAt >= 0 && args[outAt + 1] ? path.resolve(args[outAt + 1] as string) : path.join(root, 'demo-output');
// The agent CLIs come from node_modules/.bin; this Node runs them (their launchers use `env node`).
const toolPath = [path.join(root, 'node_modules', '.bin'), path.dirname(process.execPath), process.env.PATH ?? '/usr/bin:/bin'].join(path.delimiter);

try {
  await runDemo({ root, outDir, path: toolPath, cwd: process.cwd(), print: (line) => console.log(line) });
} catch (error) {
  const message = error instanceof DemoError ? error.message : `The demo failed unexpectedly: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
  console.error(`\ncodex-cto demo failed.\n${message}`);
  process.exitCode = 1;
}
