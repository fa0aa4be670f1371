// The local CLI's commands: status, plan, review and run, on the same engine and adapters as the action.
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Observer, Ports } from '../engine/ports.js';
import { runLoop } from '../engine/loop.js';
import { createCodexPlanner, createCodexReviewer, type CodexOptions } from '../agents/codex.js';
import { codexExecArgs } from '../agents/codex-args.js';
import { planPrompt } from '../agents/prompts.js';
import { claudeArgs, createClaudeImplementer, DEFAULT_ALLOWED_TOOLS } from '../agents/claude.js';
import { readPersona, schemaFile } from '../assets.js';
import { createArtifactStore } from '../artifacts.js';
import { checkPlan } from '../schemas.js';
import { CtoError } from '../errors.js';
import { Git } from '../git.js';
import { createVerifier } from '../verifier.js';
import { withReviewCheckout } from '../review-worktree.js';
import { progressLine } from '../render/progress.js';
import { agentEnv } from '../safety/env.js';
import type { Plan } from '../schema-types.js';
import type { CliCommand } from './args.js';
import { binaryVersion, claudeKeyStatus, codexEnvFrom, codexKeyStatus, findBinary, requireBinary, requireKeys } from './agents.js';
import { mergeApproved, openLocalWorkspace, repositoryRoot } from './workspace.js';
import { openModelAccess, type ModelAccess } from './model-access.js';
import { installCommand } from '../versions.js';
import { codexBubblewraps, probeSandbox, sandboxFix } from '../workspace/sandbox.js';
import { hiddenCharactersAdded } from '../diff-lines.js';

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
}

type Command<K extends CliCommand['kind']> = Extract<CliCommand, { kind: K }>;

export async function status(io: CliIo): Promise<number> {
  let ok = true;
  for (const name of ['codex', 'claude'] as const) {
    const binary = await findBinary(name, io.env);
    const version = binary ? await binaryVersion(binary, agentEnv(io.env, 'git', {})) : null;
    if (!binary || !version) ok = false;
    io.out(`${name}: ${binary ? `${binary} (${version ?? 'does not run'})` : `not found; install: ${installCommand(name)}`}`);
  }
  const keys = [
    ['codex key', codexKeyStatus(io.env, [])],
    ['claude key', claudeKeyStatus(io.env)],
  ] as const;
  for (const [label, key] of keys) {
    if (!key.ok) ok = false;
    io.out(`${label}: ${key.ok ? 'ok' : 'missing'} (${key.how})`);
  }
  const codex = await findBinary('codex', io.env);
  if (codex) {
    const probe = await probeSandbox({ codex, cwd: io.cwd, env: codexEnvFrom(io.env) });
    if (!probe.ok) ok = false;
    io.out(`codex sandbox: ${probe.ok ? 'ok (read-only sandbox starts)' : `does not start (${probe.reason})`}`);
  }
  return ok ? 0 : 1;
}

/** Codex never plans or reviews without its sandbox: probe it once before the first Codex turn. */
async function requireSandbox(codex: string, cwd: string, env: Record<string, string>): Promise<void> {
  const probe = await probeSandbox({ codex, cwd, env });
  if (!probe.ok) {
    throw new CtoError('sandbox', `Codex's read-only sandbox could not start: ${probe.reason}. Codex does not plan or review without it.`,
      sandboxFix(await codexBubblewraps(codex, env.PATH ?? '')));
  }
}

function runId(): string {
  return `${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
}

type CodexCommand = { codexConfig: string[]; reasoningEffort: string | null; timeoutMinutes: number };

/** Codex's options; `access` routes it through the key proxy (absent in --dry-run, which runs nothing). */
function codexOptions(io: CliIo, command: CodexCommand, workdir: string, model: string | null, binary: string, access?: ModelAccess): CodexOptions {
  return {
    binary,
    workdir,
    // Created by the adapter when Codex runs, so --dry-run leaves nothing behind.
    scratchDir: join(tmpdir(), `codex-cto-${randomBytes(6).toString('hex')}`),
    env: access?.codexEnv ?? codexEnvFrom(io.env),
    model,
    reasoningEffort: command.reasoningEffort,
    configOverrides: access?.codexOverrides ?? command.codexConfig,
    timeoutMs: command.timeoutMinutes * 60_000,
    persona: readPersona(),
  };
}

/** Runs `work` with the key proxy open, closing it afterwards. */
async function withModelAccess<T>(io: CliIo, codexConfig: readonly string[], work: (access: ModelAccess) => Promise<T>): Promise<T> {
  const access = await openModelAccess(io.env, codexConfig);
  try {
    return await work(access);
  } finally {
    await access.close();
  }
}

/** A command line as a person would paste it into a shell. */
export function shellLine(binary: string, args: readonly string[]): string {
  const quote = (arg: string): string => (/^[A-Za-z0-9_./=:,@+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);
  return [binary, ...args].map(quote).join(' ');
}

export async function plan(io: CliIo, command: Command<'plan'>): Promise<number> {
  const root = await repositoryRoot(io.cwd, agentEnv(io.env, 'git', {}));
  if (command.dryRun) {
    const options = codexOptions(io, command, root, command.model, (await findBinary('codex', io.env)) ?? 'codex');
    const prompt = planPrompt({ persona: options.persona, objective: command.objective, context: '' });
    io.out(shellLine(options.binary, codexExecArgs(options, { schema: schemaFile('plan'), output: join(options.scratchDir, 'reply-1.txt') }, prompt)));
    return 0;
  }
  requireKeys(io.env, command.codexConfig, ['codex']);
  const binary = await requireBinary('codex', io.env);
  const outcome = await withModelAccess(io, command.codexConfig, async (access) => {
    await requireSandbox(binary, root, access.codexEnv);
    return createCodexPlanner(codexOptions(io, command, root, command.model, binary, access)).plan({ objective: command.objective, context: '' });
  });
  const file = await (await createArtifactStore(root, runId(), agentEnv(io.env, 'git', {}))).write('plan-001.json', outcome.value);
  io.err(`plan saved to ${file}`);
  io.out(JSON.stringify(outcome.value, null, 2));
  return 0;
}

export async function review(io: CliIo, command: Command<'review'>): Promise<number> {
  const gitEnv = agentEnv(io.env, 'git', {});
  const root = await repositoryRoot(io.cwd, gitEnv);
  const git = new Git({ cwd: root, env: gitEnv });
  const base = command.base ?? ((await git.refExists('HEAD~1')) ? 'HEAD~1' : 'HEAD');
  const basePlan = await loadPlan(command.planFile, command.text);
  if (command.dryRun) {
    const options = codexOptions(io, command, root, command.model, (await findBinary('codex', io.env)) ?? 'codex');
    io.out(shellLine('git', ['worktree', 'add', '--detach', '<review checkout>', 'HEAD']));
    io.out(shellLine(options.binary, codexExecArgs({ ...options, workdir: '<review checkout>' }, { schema: schemaFile('review'), output: '<reply file>' }, '<review prompt>')));
    return 0;
  }
  requireKeys(io.env, command.codexConfig, ['codex']);
  const binary = await requireBinary('codex', io.env);
  if (await git.isDirty()) io.err('note: uncommitted changes are not reviewed; commit them first to include them');
  const headSha = await git.headSha();
  const hiddenCharacters = await hiddenCharactersAdded(git, base, headSha);
  const outcome = await withModelAccess(io, command.codexConfig, async (access) => {
    await requireSandbox(binary, root, access.codexEnv);
    const options = codexOptions(io, command, root, command.model, binary, access);
    return withReviewCheckout(git, base, headSha, (checkout) =>
      createCodexReviewer({ ...options, workdir: checkout.dir }).review({
        iteration: 1,
        objective: command.text,
        context: '',
        plan: basePlan,
        implementation: null,
        verification: [],
        diffStat: '',
        hiddenCharacters,
        baseRef: base,
        headRef: 'HEAD',
        previousReview: null,
        humanAnswer: null,
      }),
    );
  });
  const file = await (await createArtifactStore(root, runId(), gitEnv)).write('review-001.json', outcome.value);
  io.err(`review saved to ${file}`);
  io.out(JSON.stringify(outcome.value, null, 2));
  return outcome.value.verdict === 'approve' ? 0 : 2;
}

async function loadPlan(file: string | null, objective: string): Promise<Plan> {
  if (!file) return { objective, analysis: '', strategy: '', assumptions: [], open_questions: [], tasks: [], verification: [] };
  const checked = checkPlan(JSON.parse(await readFile(file, 'utf8')));
  if (!checked.ok) throw new CtoError('settings', `${file} is not a valid plan: ${checked.errors.slice(0, 3).join('; ')}`);
  return checked.value;
}

export async function run(io: CliIo, command: Command<'run'>): Promise<number> {
  const gitEnv = agentEnv(io.env, 'git', {});
  const root = await repositoryRoot(io.cwd, gitEnv);
  const id = runId();
  if (command.dryRun) return dryRun(io, command, root, id);
  requireKeys(io.env, command.codexConfig, ['codex', 'claude']);
  const binaries = { codex: await requireBinary('codex', io.env), claude: await requireBinary('claude', io.env) };
  return withModelAccess(io, command.codexConfig, (access) => runLoopLocally(io, command, { root, id, gitEnv, binaries, access }));
}

interface LocalRun {
  root: string;
  id: string;
  gitEnv: Record<string, string>;
  binaries: { codex: string; claude: string };
  access: ModelAccess;
}

async function runLoopLocally(io: CliIo, command: Command<'run'>, { root, id, gitEnv, binaries, access }: LocalRun): Promise<number> {
  await requireSandbox(binaries.codex, root, access.codexEnv);
  const artifacts = await createArtifactStore(root, id, gitEnv);
  const workspace = await openLocalWorkspace(root, command.objective, id, gitEnv);
  io.err(`working in ${workspace.dir} on branch ${workspace.branch}`);
  const codex = (workdir: string, model: string | null) => codexOptions(io, command, workdir, model, binaries.codex, access);
  const planner = createCodexPlanner(codex(workspace.dir, command.planModel));
  const reviewerOptions = codex(workspace.dir, command.reviewModel);
  let interrupted: string | null = null;
  const onSignal = (): void => {
    interrupted = 'interrupted (Ctrl-C)';
    io.err('stopping after the current step...');
  };
  process.once('SIGINT', onSignal);
  const observer: Observer = {
    async emit(event) {
      const line = progressLine(event, command.maxIterations);
      if (line) io.err(line);
    },
  };
  const ports: Ports = {
    planner,
    implementer: createClaudeImplementer({
      binary: binaries.claude,
      workdir: workspace.dir,
      env: access.claudeEnv,
      model: command.claudeModel,
      maxTurns: command.maxTurns,
      allowedTools: command.allowedTools.length > 0 ? command.allowedTools : [...DEFAULT_ALLOWED_TOOLS],
      timeoutMs: command.timeoutMinutes * 60_000,
    }),
    verifier: createVerifier({ cwd: workspace.dir, env: agentEnv(io.env, 'verify', {}), timeoutMs: command.timeoutMinutes * 60_000 }),
    reviewer: {
      review: (request) =>
        withReviewCheckout(workspace.git, workspace.baseSha, 'HEAD', (checkout) => createCodexReviewer({ ...reviewerOptions, workdir: checkout.dir }).review(request)),
    },
    repository: workspace.repository,
    artifacts,
    observer,
    control: { stopRequested: async () => interrupted },
  };
  const limits = { maxIterations: command.maxIterations, escalateAfter: command.escalateAfter, maxBudgetUsd: command.maxBudgetUsd, requirePlanApproval: false };
  const result = await runLoop({ objective: command.objective, context: '' }, ports, limits);
  process.removeListener('SIGINT', onSignal);
  const state = result.state;
  io.out(JSON.stringify({ phase: state.phase, reason: state.stop_reason, branch: workspace.branch, worktree: workspace.dir, iterations: state.iterations.length, total_cost_usd: state.total_cost_usd, codex_tokens: state.codex_tokens, session_id: state.session_id }, null, 2));
  if (result.error) throw result.error;
  if (state.phase !== 'approved') return 2;
  if (command.merge) {
    const sha = await mergeApproved(workspace, gitEnv);
    io.err(`merged ${workspace.branch} into ${workspace.target} (${sha.slice(0, 12)})`);
  } else {
    io.err(`approved: the branch ${workspace.branch} is ready (merge it with: git merge --no-ff ${workspace.branch})`);
  }
  return 0;
}

async function dryRun(io: CliIo, command: Command<'run'>, root: string, id: string): Promise<number> {
  const codexBinary = (await findBinary('codex', io.env)) ?? 'codex';
  const claudeBinary = (await findBinary('claude', io.env)) ?? 'claude';
  const worktree = join(root, '.codex-cto', 'worktrees', id);
  io.out(shellLine('git', ['worktree', 'add', '-b', `codex-cto/<branch>-${id}`, worktree, 'HEAD']));
  const options = codexOptions(io, command, worktree, command.planModel, codexBinary);
  io.out(shellLine(codexBinary, codexExecArgs(options, { schema: schemaFile('plan'), output: '<reply file>' }, planPrompt({ persona: options.persona, objective: command.objective, context: '' }))));
  const placeholder: Plan = { objective: command.objective, analysis: '<from the plan>', strategy: '<from the plan>', assumptions: [], open_questions: [], tasks: [], verification: [] };
  const claude = { binary: claudeBinary, workdir: worktree, env: {}, model: command.claudeModel, maxTurns: command.maxTurns, allowedTools: command.allowedTools, timeoutMs: command.timeoutMinutes * 60_000 };
  io.out(shellLine(claudeBinary, claudeArgs({ iteration: 1, objective: command.objective, plan: placeholder, feedback: null, diffStat: '', humanAnswer: null, sessionId: null, budgetUsd: command.maxBudgetUsd }, claude)));
  io.out(shellLine(codexBinary, codexExecArgs({ ...options, model: command.reviewModel, workdir: '<review checkout>' }, { schema: schemaFile('review'), output: '<reply file>' }, '<review prompt>')));
  return 0;
}
