// No secret of the job reaches an agent, whatever it runs. With the real CLIs, every agent of a loop runs
// the attack of support/attack.ts: Claude's Bash tool, Codex in its sandbox (planning and reviewing), and
// the plan's verification command read every environment, command line and file a process on this machine
// can reach, try the action's memory and sudo, and plant hooks, filters, drivers, helpers and a `.git` of
// their own for the action's git to run. Nothing the CLIs send to the model servers may contain a secret,
// no planted command may ever run, and the loop still ends approved. The test world runs as root, so the
// action creates and uses the agent user here as on a real runner; the same attack with `isolation: none`
// finds the secrets, which shows the attack is real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useActionWorld, logOf, type ActionWorld, type WorldOptions } from '../support/action-world.js';
import { issuesLabeledPayload } from '../support/payloads.js';
import type { ActionRun } from '../support/runner.js';
import { FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY, removeDir } from '../support/agent-home.js';
import { APPROVE, PLAN } from '../support/scenario.js';
import type { CodexTurn } from '../support/openai-server.js';
import type { ClaudeTurn } from '../support/anthropic-server.js';
import { prepareAttack, type Attack } from '../support/attack.js';

const OIDC_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm9jdG8tb3JnL2dyZWV0ZXIifQ.c2lnbmF0dXJlc2lnbmF0dXJl';
const RUNTIME_TOKEN = 'runtime-token-that-must-not-leak-0123456789';
/** Passed on purpose: a plain variable and a secret the workflow chose to give the agents. */
const PASSED_PLAIN = 'postgres://app@127.0.0.1:5432/passed_plain_db';
const PASSED_SECRET = 'chosen-secret-for-the-tests-5150';
/** In the step's environment but not passed: a credential-looking name and a plain one. */
const UNLISTED_TOKEN = 'unlisted-token-that-must-not-leak-2112';
const UNLISTED_PLAIN = 'unlisted-plain-value-that-stays-out-1984';

interface AttackedRun {
  world: ActionWorld;
  run: ActionRun;
  attack: Attack;
  secrets: string[];
}

/** Scripted agents that run the attack wherever they can: in Codex's plan and review, in Claude, in the verification. */
function attackingAgents(attack: () => Attack): WorldOptions {
  const json = (value: unknown): CodexTurn => ({ message: JSON.stringify(value) });
  return {
    codex: ({ index, body }) => {
      const reviewing = JSON.stringify(body.input).includes('review iteration');
      const plan = { ...PLAN, verification: [attack().command('verify')] };
      const turns: CodexTurn[] = [{ exec: { cmd: attack().command(reviewing ? 'review' : 'plan') } }, json(reviewing ? APPROVE : plan)];
      return turns[Math.min(index, turns.length - 1)] as CodexTurn;
    },
    claude: ({ index }) => {
      const turns: ClaudeTurn[] = [
        { tools: [{ name: 'Bash', input: { command: attack().command('claude') } }] },
        { tools: [{ name: 'Write', input: { file_path: '{{cwd}}/NOTES.md', content: 'notes\n' } }] },
        { text: 'Done.' },
      ];
      // Past the script: the server's own answer to a missing turn, as with a list.
      return turns[index] as ClaudeTurn;
    },
  };
}

async function attackedRun(world: ActionWorld, attack: Attack, isolation: 'user' | 'none'): Promise<AttackedRun> {
  const workspace = await world.checkout({ persistCredentials: true });
  const issue = world.issue('Print the environment', 'Please run env.', { labels: ['codex-cto'] });
  const payload = issuesLabeledPayload(world.gh, { repo: world.project.fullName, issue: issue.number, label: 'codex-cto', sender: world.project.logins.maintainer });
  const run = await world.run({
    event: 'issues',
    payload,
    workspace,
    inputs: { isolation, 'reviewer-token': world.project.tokens.reviewer, 'env-passthrough': 'DATABASE_URL', 'secret-env': 'TEST_DB_PASSWORD' },
    env: {
      DATABASE_URL: PASSED_PLAIN,
      TEST_DB_PASSWORD: PASSED_SECRET,
      SERVICE_API_TOKEN: UNLISTED_TOKEN,
      UNLISTED_SETTING: UNLISTED_PLAIN,
      GITHUB_TOKEN: world.gh.workflowToken,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: OIDC_TOKEN,
      ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/oidc',
      ACTIONS_RUNTIME_TOKEN: RUNTIME_TOKEN,
    },
    post: true,
  });
  const basic = Buffer.from(`x-access-token:${world.gh.workflowToken}`).toString('base64');
  const secrets = [world.gh.workflowToken, basic, world.project.tokens.reviewer, FAKE_OPENAI_KEY, FAKE_ANTHROPIC_KEY, OIDC_TOKEN, RUNTIME_TOKEN, UNLISTED_TOKEN, UNLISTED_PLAIN];
  return { world, run, attack, secrets };
}

/**
 * What the attack of `label` found: its saved evidence, or (Codex's sandbox being read-only) what the
 * command printed as Codex sent it back to the model.
 */
async function found(a: AttackedRun, label: string): Promise<string> {
  const saved = await a.attack.evidence(label);
  if (saved) return saved;
  for (const request of a.world.openai.requests) {
    const items = (request.body.input ?? []) as { type?: string; call_id?: string; arguments?: string; output?: string }[];
    const call = items.find((item) => item.type === 'function_call' && item.arguments?.includes(`attack.sh ${label}`));
    const output = call && items.find((item) => item.type === 'function_call_output' && item.call_id === call.call_id);
    if (output?.output) return output.output;
  }
  return '';
}

/** Everything the CLIs sent to the model servers, but the one header the key proxy sets upstream. */
function sentByTheClis(world: ActionWorld): string {
  const strip = (headers: Record<string, unknown>) => Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'authorization' && name !== 'x-api-key'));
  return JSON.stringify([
    ...world.anthropic.requests.map((r) => ({ headers: strip(r.headers), body: r.body })),
    ...world.openai.requests.map((r) => ({ headers: strip(r.headers), body: r.body })),
  ]);
}

describe('with agent isolation (the default), no secret reaches an agent, whatever it runs', () => {
  let attack: Attack;
  const world = useActionWorld(attackingAgents(() => attack));
  let a: AttackedRun;

  beforeAll(async () => {
    attack = await prepareAttack();
    a = await attackedRun(world, attack, 'user');
  }, 300_000);

  afterAll(async () => {
    if (attack) await removeDir(attack.dir);
  });

  it('runs the loop to approval despite the attack', () => {
    expect(a.run.exitCode, logOf(a.run)).toBe(0);
    expect(a.world.gh.violations()).toEqual([]);
    expect(a.run.stdout).toMatch(/agents run as codex-cto-[0-9a-f]{8} \(uid \d+\), a user created for this job/);
  });

  it('really ran the attack in Claude, in Codex (planning and reviewing) and in the verification command', async () => {
    for (const label of ['claude', 'plan', 'review', 'verify']) {
      expect(await found(a, label), label).toContain('== every environment');
    }
    expect(JSON.stringify(a.world.anthropic.requests.map((r) => r.body.messages))).toContain('== every environment');
    expect(JSON.stringify(a.world.openai.requests.map((r) => r.body.input))).toContain('== every environment');
  });

  it('runs every agent as the agent user, without sudo and without access to the action\'s memory', async () => {
    for (const label of ['claude', 'plan', 'review', 'verify']) {
      const text = await found(a, label);
      expect(text, label).toMatch(/uid=\d+\(codex-cto-[0-9a-f]{8}\)/);
      expect(text, label).not.toContain('uid=0(root)');
      // Codex's sandbox has a process namespace of its own: the action is not even visible there.
      if (label === 'claude' || label === 'verify') expect(text, label).toMatch(/action pid \d+\n.*Permission denied[^]*dd: .*Permission denied/);
      expect(text.split('== sudo')[1]?.split('== git config')[0], label).not.toMatch(/uid=0|GITHUB|INPUT_/);
    }
  });

  it('keeps every secret out of what the agents found', async () => {
    for (const label of ['claude', 'plan', 'review', 'verify']) {
      const text = await found(a, label);
      for (const secret of a.secrets) expect(text.includes(secret), `${label} found a secret`).toBe(false);
    }
  });

  it('gives Claude and the verification exactly the variables the workflow passed, and Codex none of them', async () => {
    for (const label of ['claude', 'verify']) {
      const text = await found(a, label);
      expect(text, label).toContain(`DATABASE_URL=${PASSED_PLAIN}`);
      expect(text, label).toContain(`TEST_DB_PASSWORD=${PASSED_SECRET}`);
    }
    for (const label of ['plan', 'review']) {
      const text = await found(a, label);
      expect(text, label).not.toContain(PASSED_PLAIN);
      expect(text, label).not.toContain(PASSED_SECRET);
    }
  });

  it('keeps the chosen secret out of comments, the summary and the log', () => {
    const posted = JSON.stringify([...a.world.project.repo.comments.values()].map((c) => c.body)) + a.run.summary;
    const log = `${a.run.stdout}\n${a.run.stderr}`.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
    expect(posted.includes(PASSED_SECRET)).toBe(false);
    expect(log.includes(PASSED_SECRET)).toBe(false);
  });

  it('keeps every secret out of everything the CLIs sent to the model servers', () => {
    const sent = sentByTheClis(a.world);
    for (const secret of a.secrets) expect(sent.includes(secret)).toBe(false);
  });

  it('gives the real keys only to the model servers, through the proxy', () => {
    for (const request of a.world.anthropic.requests) expect(request.headers['x-api-key']).toBe(FAKE_ANTHROPIC_KEY);
    for (const request of a.world.openai.requests) expect(request.headers.authorization).toBe(`Bearer ${FAKE_OPENAI_KEY}`);
  });

  it('never runs a planted hook, filter, driver, helper or git directory', async () => {
    expect(await a.attack.evidence('claude')).toMatch(/Permission denied|could not lock config file/);
    expect(await a.attack.ran()).toEqual([]);
  });

  it('keeps every secret out of comments, the summary and the log', () => {
    const posted = JSON.stringify([...a.world.project.repo.comments.values()].map((c) => c.body)) + a.run.summary;
    const log = `${a.run.stdout}\n${a.run.stderr}`.split('\n').filter((line) => !line.startsWith('::add-mask::')).join('\n');
    for (const secret of a.secrets) {
      expect(posted.includes(secret)).toBe(false);
      expect(log.includes(secret)).toBe(false);
    }
  });

  it('leaves no agent user behind', async () => {
    expect(a.run.post?.exitCode).toBe(0);
    const passwd = await import('node:fs/promises').then((fs) => fs.readFile('/etc/passwd', 'utf8'));
    const name = /agents run as (codex-cto-[0-9a-f]{8})/.exec(a.run.stdout)?.[1];
    expect(name).toBeDefined();
    expect(passwd).not.toContain(`${name}:`);
  });
});

describe('the same attack with isolation: none finds the secrets (so the test above can fail)', () => {
  let attack: Attack;
  const world = useActionWorld(attackingAgents(() => attack));
  let a: AttackedRun;

  beforeAll(async () => {
    attack = await prepareAttack();
    a = await attackedRun(world, attack, 'none');
  }, 300_000);

  afterAll(async () => {
    if (attack) await removeDir(attack.dir);
  });

  it('says isolation is off, in the log, and still never runs a planted command', async () => {
    expect(a.run.stdout).toContain('agent isolation is off');
    expect(await a.attack.ran()).toEqual([]);
  });

  it("lets Claude's Bash read the action's environment: the workflow token reaches the model server", async () => {
    expect(await a.attack.evidence('claude')).toContain(a.world.gh.workflowToken);
    expect(sentByTheClis(a.world)).toContain(a.world.gh.workflowToken);
  });
});
