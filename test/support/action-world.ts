// Everything an action test needs, wired together: the emulated GitHub with a seeded project (the
// greeter sample), scripted model servers for the real codex and claude, a checkout like
// actions/checkout leaves it, and a `run` that executes the bundled action exactly as the runner does.
import { startGitHubEmulator, type GitHubEmulator } from './github/emulator.js';
import { seedProject, type SeededProject, type SeedOptions } from './github/fixtures.js';
import { startAnthropicServer, type CapturedAnthropicRequest, type ClaudeScript } from './anthropic-server.js';
import { startOpenAIServer, type CapturedOpenAIRequest, type CodexScript } from './openai-server.js';
import type { ScriptedServer } from './sse.js';
import { codexConfigOverrides, FAKE_ANTHROPIC_KEY, FAKE_OPENAI_KEY, makeAgentHome, removeDir } from './agent-home.js';
import { DEFAULT_RUN_ID, runAction, type ActionRun, type RunActionOptions } from './runner.js';
import { artifactRoutes, GITHUB_COM_LIKE_SERVER_URL, runnerServicesEnv, startRunnerServices, type RunnerServices } from './runner-services/index.js';
import { CLAUDE_SCRIPT, codexScript, SAMPLE_FILES } from './scenario.js';
import type { Issue } from './github/model.js';
import { afterAll, beforeAll, expect } from 'vitest';

export interface ActionWorld {
  gh: GitHubEmulator;
  project: SeededProject;
  openai: ScriptedServer<CapturedOpenAIRequest>;
  anthropic: ScriptedServer<CapturedAnthropicRequest>;
  home: string;
  /** The runner's artifact and cache services, when the world was started with `runnerServices`. */
  services: RunnerServices | null;
  /** Inputs every run gets: the fake keys and the scripted endpoints (as a gateway user would set them). */
  inputs: Record<string, string>;
  /** A fresh checkout of the default branch (like actions/checkout with persisted credentials). */
  checkout(options?: { persistCredentials?: boolean }): Promise<string>;
  issue(title: string, body: string, options?: { author?: string; labels?: string[] }): Issue;
  comment(issue: Issue, body: string, author: string): number;
  run(options: Omit<RunActionOptions, 'repository' | 'workspace' | 'github'> & { workspace?: string }): Promise<ActionRun>;
  close(): Promise<void>;
}

export interface WorldOptions {
  codex?: CodexScript;
  claude?: ClaudeScript;
  files?: Record<string, string>;
  allowActionsToCreatePullRequests?: boolean;
  /** Repository settings beyond the defaults (auto-merge, required checks...). */
  seed?: Pick<SeedOptions, 'allowAutoMerge' | 'requiredChecks'>;
  /**
   * Start the runner's artifact and cache services; every run then gets their variables, the emulated
   * GitHub serves the REST artifact routes over them, and runs get a github.com-like GITHUB_SERVER_URL
   * (`http://github.localhost:<port>`, which git reaches on loopback): the clients take any other host
   * for GHES, where @actions/artifact refuses and @actions/cache speaks v1 (see runner-services/env.ts).
   */
  runnerServices?: boolean;
}

export async function startActionWorld(options: WorldOptions = {}): Promise<ActionWorld> {
  const services = options.runnerServices ? await startRunnerServices() : null;
  const gh = await startGitHubEmulator(services ? { routes: artifactRoutes(services) } : {});
  const serverUrl = services ? githubLocalhost(gh.serverUrl) : gh.serverUrl;
  const project = await seedProject(gh, { name: 'greeter', files: options.files ?? SAMPLE_FILES, allowActionsToCreatePullRequests: options.allowActionsToCreatePullRequests ?? true, ...options.seed });
  gh.state.addLabel(project.repo, { name: 'codex-cto' });
  const openai = await startOpenAIServer(options.codex ?? codexScript());
  const anthropic = await startAnthropicServer(options.claude ?? CLAUDE_SCRIPT);
  const home = await makeAgentHome();
  // Runner directories and checkouts made for this world, removed on close.
  const leftovers: string[] = [];
  const inputs = {
    'openai-api-key': FAKE_OPENAI_KEY,
    'anthropic-api-key': FAKE_ANTHROPIC_KEY,
    'anthropic-base-url': anthropic.url,
    // `codex exec` reads its key from CODEX_API_KEY, which the action sets from openai-api-key.
    'codex-config': codexConfigOverrides(openai.url, 'CODEX_API_KEY').join('\n'),
    'timeout-minutes': '3',
    // Progress edits come with time, and a loaded machine makes implementations slow: tests that count
    // requests must not depend on that. The tests of progress set their own interval.
    'progress-interval': '0',
  };
  const world: ActionWorld = {
    gh,
    project,
    openai,
    anthropic,
    home,
    services,
    inputs,
    async checkout(opts = {}) {
      const dir = await gh.git.clone(project.owner, project.name, { token: gh.workflowToken, fetchDepth: 0, persistCredentials: opts.persistCredentials ?? true });
      leftovers.push(dir);
      return dir;
    },
    issue(title, body, opts = {}) {
      const issue = gh.state.addIssue(project.repo, { title, body, author: opts.author ?? project.logins.maintainer });
      if (opts.labels) gh.state.addLabels(project.repo, issue, opts.labels);
      return issue;
    },
    comment(issue, body, author) {
      return gh.state.addComment(project.repo, issue, { body, author }).id;
    },
    async run(opts) {
      const workspace = opts.workspace ?? (await world.checkout());
      // As the runner does for a JavaScript action: the token names this run and job.
      const servicesEnv = services
        ? runnerServicesEnv(services, { repository: project.fullName, runId: opts.runId ?? DEFAULT_RUN_ID, runAttempt: opts.runAttempt, job: opts.job, ref: opts.ref, sha: opts.sha })
        : {};
      // GitHub knows the run while its job goes on (what a loop lock's holder is checked against), and after.
      const runs = gh.state.workflowRuns;
      const id = Number(opts.runId ?? DEFAULT_RUN_ID);
      const defaultBranch = project.repo.defaultBranch;
      const headSha = (await gh.git.resolveBranch(project.owner, project.name, defaultBranch)) ?? '';
      runs.start({ id, repo: project.fullName, attempt: Number(opts.runAttempt ?? '1'), event: opts.event, headBranch: defaultBranch, headSha });
      let conclusion: 'success' | 'failure' = 'failure';
      try {
        const run = await runAction({
          ...opts,
          repository: project.fullName,
          workspace,
          github: { url: gh.url, serverUrl, graphqlUrl: gh.graphqlUrl, workflowToken: gh.workflowToken },
          inputs: { ...inputs, ...opts.inputs },
          env: { CLAUDE_CODE_MAX_RETRIES: '0', ...servicesEnv, ...opts.env },
        });
        leftovers.push(run.dir);
        if (run.exitCode === 0 && (run.post?.exitCode ?? 0) === 0) conclusion = 'success';
        return run;
      } finally {
        runs.complete(id, conclusion);
      }
    },
    async close() {
      await openai.close();
      await anthropic.close();
      await services?.close();
      await gh.close();
      await removeDir(home);
      for (const dir of leftovers) await removeDir(dir);
    },
  };
  return world;
}

/**
 * The emulated world of one describe block: started before its tests (and before the block's own
 * `beforeAll`, registered after this call), closed after them, and checked then for any request the
 * action made that GitHub would have refused. `options` may be a function, read when the world starts.
 * Returns the world itself; it is usable from the block's hooks and tests on.
 */
export function useActionWorld(options: WorldOptions | (() => WorldOptions) = {}): ActionWorld {
  let started: ActionWorld | null = null;
  beforeAll(async () => {
    started = await startActionWorld(typeof options === 'function' ? options() : options);
  });
  afterAll(async () => {
    const world = started;
    started = null;
    if (world === null) return;
    const violations = world.gh.violations();
    const serviceViolations = world.services?.violations() ?? [];
    await world.close();
    expect(violations, 'requests the action made that GitHub would refuse').toEqual([]);
    expect(serviceViolations, 'requests the runner services would refuse').toEqual([]);
  });
  return new Proxy({} as ActionWorld, {
    get(_target, key) {
      if (started === null) throw new Error('the world is started in beforeAll: use it from hooks and tests');
      const value = started[key as keyof ActionWorld];
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}

/** The emulator's origin under `github.localhost` (curl, and so git, resolve `*.localhost` to loopback). */
function githubLocalhost(origin: string): string {
  const url = new URL(origin);
  url.hostname = new URL(GITHUB_COM_LIKE_SERVER_URL).hostname;
  return url.origin;
}

/** The log of a run, for assertion messages. */
export function logOf(run: ActionRun): string {
  return `exit ${run.exitCode}\n--- stdout\n${run.stdout.slice(-6000)}\n--- stderr\n${run.stderr.slice(-3000)}`;
}
