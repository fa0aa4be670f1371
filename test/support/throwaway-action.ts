// A throwaway JavaScript action for testing the runner harness without the real bundle: it reads
// its inputs and event, comments through the REST API, and uses every file and log command.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** A minimal JavaScript action using @actions/core and the REST API, in a temp dir. */
export async function writeThrowawayAction(dir: string): Promise<void> {
  const core = import.meta.resolve('@actions/core');
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'dist'), { recursive: true });
  await writeFile(path.join(dir, 'action.yml'), [
    'name: throwaway',
    'inputs:',
    '  github-token:',
    '    default: ${{ github.token }}',
    '  trigger-label:',
    '    default: not-this',
    '  unused:',
    '    description: no default, so no INPUT_ variable',
    'runs:',
    '  using: node24',
    '  main: dist/main.mjs',
    '  post: dist/post.mjs',
    '',
  ].join('\n'));
  await writeFile(path.join(dir, 'dist', 'main.mjs'), `
import * as core from ${JSON.stringify(core)};
import { readFileSync } from 'node:fs';
const token = core.getInput('github-token', { required: true });
core.setSecret(token);
if (process.env['INPUT_UNUSED'] !== undefined) core.setFailed('unexpected INPUT_UNUSED');
const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, 'utf8'));
core.setOutput('seen', process.env.GITHUB_EVENT_NAME + ' ' + process.env.GITHUB_REPOSITORY + ' ' + event.issue.number);
core.setOutput('multi', 'line one\\nline two');
core.warning('token default came from action.yml');
const response = await fetch(process.env.GITHUB_API_URL + '/repos/' + process.env.GITHUB_REPOSITORY + '/issues/' + event.issue.number + '/comments', {
  method: 'POST',
  headers: { authorization: 'token ' + token, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
  body: JSON.stringify({ body: 'hello from ' + process.version.split('.')[0] }),
});
const comment = await response.json();
core.saveState('comment', String(comment.id));
await core.summary.addHeading('Harness summary', 2).write();
`);
  await writeFile(path.join(dir, 'dist', 'post.mjs'), `
import * as core from ${JSON.stringify(core)};
core.setOutput('post-saw', core.getState('comment'));
`);
}
