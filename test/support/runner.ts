// Runs a JavaScript action the way the GitHub runner does: `node <runs.main>` (then optionally
// `node <runs.post>`) with the runner's environment, the event payload in a file, the inputs as
// INPUT_* variables with action.yml's defaults, and the file-command files created beforehand.
// Asynchronous on purpose: the emulator that the action talks to lives in this process.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { runProcess } from '../../src/workspace/process.js';
import { inputEnvName, parseActionManifest, parseFileCommands, parseWorkflowCommands, type ActionManifest, type WorkflowCommand } from './runner-files.js';

export interface RunActionOptions {
  event: string;
  payload: Record<string, unknown>;
  /** Inputs by their action.yml name (`github-token`); defaults fill the rest. */
  inputs?: Record<string, string>;
  /** Extra variables (model endpoints and the like); they override the runner's. */
  env?: Record<string, string>;
  /** The checkout (GITHUB_WORKSPACE); the action runs with it as working directory. */
  workspace: string;
  /** `owner/name` (GITHUB_REPOSITORY). */
  repository: string;
  /** The emulator's URLs and workflow token (or give them one by one below). */
  github?: { url: string; serverUrl: string; graphqlUrl: string; workflowToken: string };
  serverUrl?: string;
  apiUrl?: string;
  graphqlUrl?: string;
  /** `github.token`: substituted into `${{ github.token }}` defaults. */
  token?: string;
  sha?: string;
  ref?: string;
  actor?: string;
  triggeringActor?: string;
  runId?: string;
  runAttempt?: string;
  job?: string;
  workflow?: string;
  /** Directory with action.yml (default: this repository's root). */
  actionDir?: string;
  /** Run `runs.post` after `runs.main`, with the state main saved (as the runner does at job end). */
  post?: boolean;
  /** HOME of the step (a fresh temp dir by default). */
  home?: string;
  timeoutMs?: number;
  /**
   * Cancels `main` as the runner cancels a job: once `when` settles, `signal` (default SIGINT, the
   * runner's first) goes to the step's process. `post` still runs afterwards when asked for.
   */
  cancelMain?: { when: Promise<unknown>; signal?: NodeJS.Signals };
}

export interface StepResult {
  exitCode: number | null;
  /** The signal that ended the step's process, if one did. */
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** GITHUB_OUTPUT after the step. */
  outputs: Record<string, string>;
  /** GITHUB_STEP_SUMMARY after the step. */
  summary: string;
  /** GITHUB_STATE after the step (what `post` receives as STATE_*). */
  state: Record<string, string>;
  /** GITHUB_ENV after the step. */
  exportedEnv: Record<string, string>;
  /** GITHUB_PATH lines after the step. */
  addedPath: string[];
  commands: WorkflowCommand[];
  errors: string[];
  warnings: string[];
  notices: string[];
  /** Values passed to `core.setSecret` (`::add-mask::`). */
  masks: string[];
}

export interface ActionRun extends StepResult {
  /** Temp dir holding RUNNER_TEMP, the tool cache, HOME and the event file; remove it when done. */
  dir: string;
  /** RUNNER_TEMP of the run (kept for inspection). */
  runnerTemp: string;
  /** The environment `main` ran with. */
  env: Record<string, string>;
  post: StepResult | null;
}

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** GITHUB_RUN_ID when a test names none. */
export const DEFAULT_RUN_ID = '1000001';

export async function runAction(options: RunActionOptions): Promise<ActionRun> {
  const actionDir = options.actionDir ?? REPO_ROOT;
  const manifest = parseActionManifest(await readFile(path.join(actionDir, 'action.yml'), 'utf8'));
  const token = options.token ?? options.github?.workflowToken ?? '';
  const base = await mkdtemp(path.join(os.tmpdir(), 'runner-'));
  const runnerTemp = path.join(base, 'temp');
  const toolCache = path.join(base, 'tool-cache');
  const home = options.home ?? path.join(base, 'home');
  await Promise.all([mkdir(runnerTemp), mkdir(toolCache), mkdir(home, { recursive: true })]);
  const eventPath = path.join(base, 'event.json');
  await writeFile(eventPath, JSON.stringify(options.payload, null, 2));

  const [owner] = options.repository.split('/');
  const sha = options.sha ?? (await headOf(options.workspace, home)) ?? '0'.repeat(40);
  const ref = options.ref ?? 'refs/heads/main';
  const actor = options.actor ?? senderOf(options.payload) ?? (owner as string);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    LANG: 'C.UTF-8',
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: options.repository,
    GITHUB_REPOSITORY_OWNER: owner as string,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_SHA: sha,
    GITHUB_REF: ref,
    GITHUB_REF_NAME: ref.replace(/^refs\/(heads|tags)\//, ''),
    GITHUB_REF_TYPE: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
    GITHUB_ACTOR: actor,
    GITHUB_TRIGGERING_ACTOR: options.triggeringActor ?? actor,
    GITHUB_RUN_ID: options.runId ?? DEFAULT_RUN_ID,
    GITHUB_RUN_NUMBER: '1',
    GITHUB_RUN_ATTEMPT: options.runAttempt ?? '1',
    GITHUB_SERVER_URL: options.serverUrl ?? options.github?.serverUrl ?? '',
    GITHUB_API_URL: options.apiUrl ?? options.github?.url ?? '',
    GITHUB_GRAPHQL_URL: options.graphqlUrl ?? options.github?.graphqlUrl ?? '',
    GITHUB_JOB: options.job ?? 'cto',
    GITHUB_WORKFLOW: options.workflow ?? 'codex-cto',
    GITHUB_ACTION: 'cto',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_NAME: 'emulated-runner',
    RUNNER_ENVIRONMENT: 'github-hosted',
    RUNNER_TEMP: runnerTemp,
    RUNNER_TOOL_CACHE: toolCache,
    ...inputEnv(manifest, options.inputs ?? {}, token),
    ...options.env,
  };

  const timeoutMs = options.timeoutMs ?? 300_000;
  const main = await runStep(path.join(actionDir, manifest.runs.main), options.workspace, env, path.join(base, 'main'), timeoutMs, options.cancelMain);
  let post: StepResult | null = null;
  if (options.post) {
    if (!manifest.runs.post) throw new Error('action.yml has no runs.post');
    const postEnv = { ...env, ...Object.fromEntries(Object.entries(main.state).map(([name, value]) => [`STATE_${name}`, value])) };
    post = await runStep(path.join(actionDir, manifest.runs.post), options.workspace, postEnv, path.join(base, 'post'), timeoutMs);
  }
  return { ...main, dir: base, runnerTemp, env, post };
}

/** The INPUT_* variables: given inputs, then action.yml defaults; unknown names are a test bug. */
export function inputEnv(manifest: ActionManifest, inputs: Record<string, string>, token: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of Object.keys(inputs)) {
    if (!(name in manifest.inputs)) throw new Error(`input "${name}" is not declared in action.yml`);
  }
  for (const [name, declared] of Object.entries(manifest.inputs)) {
    const value = inputs[name] ?? (declared.default !== undefined ? expandDefault(declared.default, token) : undefined);
    if (value !== undefined) env[inputEnvName(name)] = value;
  }
  return env;
}

function expandDefault(value: string, token: string): string {
  return value.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, expression: string) => {
    if (expression === 'github.token') return token;
    throw new Error(`action.yml default uses \${{ ${expression} }}, which the harness does not evaluate`);
  });
}

async function runStep(
  entry: string,
  cwd: string,
  baseEnv: Record<string, string>,
  dir: string,
  timeoutMs: number,
  cancel?: RunActionOptions['cancelMain'],
): Promise<StepResult> {
  await mkdir(dir);
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_ENV: path.join(dir, 'env'),
    GITHUB_STATE: path.join(dir, 'state'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary.md'),
    GITHUB_PATH: path.join(dir, 'path'),
  };
  // The runner creates these before the step: core.setOutput throws when the file is missing.
  await Promise.all(Object.values(files).map((file) => writeFile(file, '')));
  const stepEnv = { ...baseEnv, ...files };
  const result = cancel ? await runCancellable(entry, cwd, stepEnv, timeoutMs, cancel) : await runProcess(process.execPath, [entry], { cwd, env: stepEnv, timeoutMs });
  if (result.spawnError) throw new Error(`could not start node: ${result.spawnError}`);
  const read = (file: string): Promise<string> => readFile(file, 'utf8');
  const commands = parseWorkflowCommands(result.stdout);
  const messages = (name: string): string[] => commands.filter((c) => c.command === name).map((c) => c.message);
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    timedOut: result.timedOut,
    stdout: result.stdout,
    stderr: result.stderr,
    outputs: parseFileCommands(await read(files.GITHUB_OUTPUT)),
    summary: await read(files.GITHUB_STEP_SUMMARY),
    state: parseFileCommands(await read(files.GITHUB_STATE)),
    exportedEnv: parseFileCommands(await read(files.GITHUB_ENV)),
    addedPath: (await read(files.GITHUB_PATH)).split('\n').filter(Boolean),
    commands,
    errors: messages('error'),
    warnings: messages('warning'),
    notices: messages('notice'),
    masks: messages('add-mask'),
  };
}

/**
 * Runs a step whose process can be signalled mid-run (the process funnel keeps its child to itself).
 * A `when` that rejects also ends the step, so a test waiting for the wrong moment fails fast.
 */
async function runCancellable(entry: string, cwd: string, env: Record<string, string>, timeoutMs: number, cancel: NonNullable<RunActionOptions['cancelMain']>) {
  const child = execa(process.execPath, [entry], { cwd, env, extendEnv: false, stdin: 'ignore', reject: false, timeout: timeoutMs });
  let ended = false;
  const stop = (): void => {
    if (!ended) child.kill(cancel.signal ?? 'SIGINT');
  };
  cancel.when.then(stop, stop);
  const result = await child;
  ended = true;
  const started = !(result.failed && result.exitCode === undefined && !result.signal && !result.timedOut);
  return {
    exitCode: result.exitCode ?? null,
    signal: result.signal ?? null,
    timedOut: result.timedOut,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    spawnError: started ? null : (result.shortMessage ?? 'could not start'),
  };
}

/** GITHUB_SHA defaults to the checkout's HEAD, as for an event on the branch that was checked out. */
async function headOf(workspace: string, home: string): Promise<string | null> {
  const result = await runProcess('git', ['rev-parse', 'HEAD'], {
    cwd: workspace,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GIT_CONFIG_NOSYSTEM: '1', HOME: home },
    timeoutMs: 30_000,
  });
  return result.exitCode === 0 ? result.stdout.trim() : null;
}

function senderOf(payload: Record<string, unknown>): string | null {
  const sender = payload.sender as { login?: unknown } | undefined;
  return typeof sender?.login === 'string' ? sender.login : null;
}
