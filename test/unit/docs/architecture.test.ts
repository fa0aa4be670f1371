// docs/architecture.md matches the code: the rooms are the folders of src/, the import table and the
// diagram are the lint's rules, and the lint refuses an import each room may not make.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error a plain ESM script without types
import { ROOMS as RULES } from '../../../scripts/import-rules.mjs';

/** room -> the rooms it may import, as the lint checks them. */
const ROOMS = RULES as Record<string, string[]>;
const root = fileURLToPath(new URL('../../..', import.meta.url));
const doc = readFileSync(path.join(root, 'docs', 'architecture.md'), 'utf8');

function folders(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(root, 'src', dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${prefix}${entry.name}`);
}

describe('docs/architecture.md', () => {
  it('names every folder of src/ as a room, and src/ holds nothing but them', () => {
    const top = readdirSync(path.join(root, 'src'), { withFileTypes: true });
    expect(top.filter((entry) => !entry.isDirectory()).map((entry) => entry.name)).toEqual([]);
    const rooms = [...folders(''), ...folders('core', 'core/')].sort();
    expect(rooms).toEqual(Object.keys(ROOMS).sort());
    for (const folder of [...rooms, ...folders('action', 'action/')]) expect(doc, folder).toContain(`| \`src/${folder}/\` |`);
  });

  it('lists who may import whom exactly as the lint checks it', () => {
    const section = doc.slice(doc.indexOf('## Who may import whom'), doc.indexOf('```mermaid'));
    const rows = [...section.matchAll(/^\| `([a-z/]+)` \| (.*) \|$/gm)].map(([, room, allowed]) => [room, (allowed ?? '').match(/`[a-z/]+`/g)?.map((name) => name.slice(1, -1)) ?? []]);
    expect(Object.fromEntries(rows)).toEqual(ROOMS);
  });

  it('draws every allowed import in the diagram (core/model, which every room may import, as one node)', () => {
    const edges = [...doc.matchAll(/^ {2}([a-z]+) --> ([a-z]+)/gm)].map(([, from, to]) => `${from} -> ${to === 'model' ? 'core/model' : to}`).sort();
    const allowed = Object.entries(ROOMS).flatMap(([room, imports]) => imports.filter((to) => to !== 'core/model').map((to) => `${room} -> ${to}`));
    expect(edges).toEqual([...allowed, 'core -> core/model'].sort());
  });
});

/** Every value import between the files of src/ (type imports are erased and cannot form a cycle at run time). */
function importGraph(): Map<string, string[]> {
  const files = readdirSync(path.join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  return new Map(
    files.map((file) => {
      const text = readFileSync(path.join(root, 'src', file), 'utf8');
      const deps = [...text.matchAll(/^(?:import|export)(?!\s+type\b)[^'"]*from\s+'(\.[^']+)'/gm)].map((match) =>
        path.normalize(path.join(path.dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts'))),
      );
      return [path.normalize(file), deps];
    }),
  );
}

describe('the import graph of src/', () => {
  it('has no cycle', () => {
    const graph = importGraph();
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (file: string, trail: string[]): void => {
      if (trail.includes(file)) return void cycles.push([...trail.slice(trail.indexOf(file)), file].join(' -> '));
      if (done.has(file)) return;
      for (const dep of graph.get(file) ?? []) visit(dep, [...trail, file]);
      done.add(file);
    };
    for (const file of graph.keys()) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it('is read from the sources (it sees the imports a cycle would be made of)', () => {
    expect(importGraph().get(path.normalize('action/flows/loop-commands.ts'))).toContain(path.normalize('action/flows/saved-loop.ts'));
  });
});

describe('the import rules, as npm run lint applies them', () => {
  const eslint = new ESLint({ cwd: root });
  const lint = async (file: string, from: string): Promise<string[]> => {
    const [result] = await eslint.lintText(`import { x } from '${from}';\nexport const y = x;\n`, { filePath: path.join(root, file) });
    return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
  };

  it.each([
    ['src/core/model/probe.ts', '../ports.js'],
    ['src/core/model/probe.ts', '../../action/settings/inputs.js'],
    ['src/core/probe.ts', '../action/settings/inputs.js'],
    ['src/core/probe.ts', '../workspace/process.js'],
    ['src/core/probe.ts', 'node:fs'],
    ['src/render/probe.ts', '../safety/redact.js'],
    ['src/safety/probe.ts', '../core/ports.js'],
    ['src/workspace/probe.ts', '../agents/factory.js'],
    ['src/workspace/probe.ts', '../render/escape.js'],
    ['src/agents/probe.ts', '../action/settings/settings.js'],
    ['src/action/flows/probe.ts', '../../cli/io.js'],
    ['src/cli/probe.ts', '../action/settings/inputs.js'],
    ['src/cli/probe.ts', '@actions/core'],
    ['src/agents/probe.ts', 'execa'],
    ['src/entrypoints/probe.ts', '../core/loop.js'],
  ])('refuses %s importing %s', async (file, from) => {
    expect(await lint(file, from)).toContain('no-restricted-imports');
  }, 30_000);

  it.each([
    ['src/core/model/probe.ts', './errors.js'],
    ['src/core/probe.ts', './model/errors.js'],
    ['src/safety/probe.ts', '../core/model/errors.js'],
    ['src/action/flows/probe.ts', '../../agents/factory.js'],
    ['src/cli/probe.ts', '../agents/factory.js'],
    ['src/workspace/probe.ts', 'execa'],
    ['src/entrypoints/probe.ts', '../action/main-step.js'],
  ])('lets %s import %s', async (file, from) => {
    expect(await lint(file, from)).toEqual([]);
  }, 30_000);

  it('keeps the flows out of the main step but through its dynamic import', async () => {
    expect(await lint('src/action/main-step.ts', './flows/index.js')).toContain('@typescript-eslint/no-restricted-imports');
  }, 30_000);
});
