// Renders the README's inputs and outputs tables from action.yml, between marker comments, so the
// README cannot drift from the action. `--check` exits 1 when README.md is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));

const cell = (text) => String(text ?? '').replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');

export function tables(actionYml) {
  const action = parse(actionYml);
  const inputs = Object.entries(action.inputs).map(([name, spec]) => {
    const fallback = spec.default === undefined ? '' : `\`${cell(spec.default)}\``;
    return `| \`${name}\` | ${cell(spec.description)} | ${fallback} |`;
  });
  const outputs = Object.entries(action.outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`);
  return {
    inputs: ['| input | what it does | default |', '| --- | --- | --- |', ...inputs].join('\n'),
    outputs: ['| output | what it holds |', '| --- | --- |', ...outputs].join('\n'),
  };
}

export function renderReadme(readme, actionYml) {
  const t = tables(actionYml);
  const put = (text, name, table) => {
    const start = `<!-- ${name}:start -->`;
    const end = `<!-- ${name}:end -->`;
    const from = text.indexOf(start);
    const to = text.indexOf(end);
    if (from < 0 || to < from) throw new Error(`README.md lacks the ${start} ... ${end} markers`);
    return `${text.slice(0, from + start.length)}\n${table}\n${text.slice(to)}`;
  };
  return put(put(readme, 'inputs', t.inputs), 'outputs', t.outputs);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const next = renderReadme(readme, readFileSync(`${root}action.yml`, 'utf8'));
  if (process.argv.includes('--check')) {
    if (next !== readme) {
      console.error('README.md tables differ from action.yml: run `node scripts/readme-tables.mjs`');
      process.exit(1);
    }
  } else {
    writeFileSync(`${root}README.md`, next);
  }
}
