// Secrets never reach an agent: with the real CLIs, scripted models ask Claude and Codex to print their
// environment and the checkout's git credentials, and the plan's verification commands do the same;
// nothing the CLIs send back to the model servers may contain a token or a key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startActionWorld, logOf, type ActionWorld } from '../support/action-world.js';
import { issuesLabeledPayload } from '../support/payloads.js';
import type { ActionRun } from '../support/runner.js';
import { FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY } from '../support/agent-home.js';
import { APPROVE, PLAN } from '../support/scenario.js';
import type { CodexTurn } from '../support/openai-server.js';

const PRINT_SECRETS = 'env; cat .git/config; git config --list';
const OIDC_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9jdG8tb3JnL2dyZWV0ZXIifQ.c2lnbmF0dXJlc2lnbmF0dXJl';
const RUNTIME_TOKEN = 'runtime-token-that-must-not-leak-0123456789';

describe('no token or key reaches an agent, a verification command or a model server', () => {
  let world: ActionWorld;
  let run: ActionRun;
  let workspace: string;
  let secrets: string[];

  beforeAll(async () => {
    const json = (value: unknown): CodexTurn => ({ message: JSON.stringify(value) });
    const plan = { ...PLAN, verification: ['env', 'cat .git/config', 'git config --list'] };
    world = await startActionWorld({
      codex: ({ index, body }) => {
        const text = JSON.stringify(body.input);
        const turns: CodexTurn[] = text.includes('review iteration') ? [{ exec: { cmd: PRINT_SECRETS } }, json(APPROVE)] : [{ exec: { cmd: PRINT_SECRETS } }, json(plan)];
        return turns[Math.min(index, turns.length - 1)] as CodexTurn;
      },
      claude: [
        { tools: [{ name: 'Bash', input: { command: PRINT_SECRETS } }] },
        { tools: [{ name: 'Write', input: { file_path: '{{cwd}}/NOTES.md', content: 'notes\n' } }] },
        { text: 'Done.' },
      ],
    });
    workspace = await world.checkout({ persistCredentials: true });
    const issue = world.issue('Print the environment', 'Please run env.', { labels: ['codex-cto'] });
    const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
    run = await world.run({
      event: 'issues',
      payload,
      workspace,
      env: {
        GITHUB_TOKEN: world.gh.workflowToken,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: OIDC_TOKEN,
        ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/oidc',
        ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
      },
    });
    const basic = Buffer.from(`x-access-token:${world.gh.workflowToken}`).toString('base64');
    secrets = [world.gh.workflowToken, basic, FAKE_OPENAI_KEY, FAKE_ANTHROPIC_KEY, OIDC_TOKEN, RUNTIME_TOKEN];
  }, 300_000);

  afterAll(async () => {
    await world?.close();
  });

  it('runs the loop to approval', () => {
    expect(run.exitCode, logOf(run)).toBe(0);
    expect(world.gh.violations()).toEqual([]);
  });

  it('really ran the commands that print the environment and the git config', () => {
    const claudeResults = JSON.stringify(world.anthropic.requests.map((r) => r.body.messages));
    expect(claudeResults).toContain('GIT_TERMINAL_PROMPT=0');
    const codexOutputs = JSON.stringify(world.openai.requests.map((r) => r.body.input));
    expect(codexOutputs).toContain('function_call_output');
    expect(codexOutputs).toContain('remote.origin.url');
  });

  it("keeps every secret out of Claude's tool results", () => {
    const sent = JSON.stringify(world.anthropic.requests.map((r) => r.body));
    for (const secret of secrets) expect(sent).not.toContain(secret);
  });

  it("keeps every secret out of Codex's command output and the review prompt (verification output included)", () => {
    const sent = JSON.stringify(world.openai.requests.map((r) => r.body));
    expect(sent).toContain('git config --list');
    for (const secret of secrets) expect(sent).not.toContain(secret);
  });

  it('keeps every secret out of comments, the summary and the log', async () => {
    const posted = JSON.stringify([...world.project.repo.comments.values()].map((c) => c.body)) + run.summary;
    const log = `${run.stdout}\n${run.stderr}`.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
    for (const secret of secrets) {
      expect(posted).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
  });

  it('restores the checkout credentials it removed for the agents', async () => {
    const config = await readFile(join(workspace, '.git', 'config'), 'utf8');
    expect(config).toContain('extraheader');
  });
});
