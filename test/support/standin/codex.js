// A stand-in for `codex` that answers in milliseconds: `--version`, `sandbox -- <command>` (run without a
// sandbox), and `exec` / `exec resume` as
// the action drives them (`--json` events on stdout, the answer written to the `-o` file). The answer
// is the greeter story's: the plan, then review 1 asks for a revision and later reviews approve,
// chosen from the prompt text as the scripted model server chooses. A thread remembers its phase,
// so the repair turn (`exec resume`) answers for the same phase.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { appendLog, lastValue, loadScenario, parseOptions, pinnedVersions, randomId, UsageError } from './shared.js';

const EXEC_OPTIONS = {
  valued: [
    ['-C', '--cd'], ['--output-schema'], ['-o', '--output-last-message'], ['-m', '--model'], ['-c', '--config'],
    ['-s', '--sandbox'], ['--enable'], ['--disable'], ['--add-dir'], ['-p', '--profile'], ['--color'], ['-i', '--image'],
    ['--local-provider'],
  ],
  variadic: [],
  flags: [['--json'], ['--skip-git-repo-check'], ['--ephemeral'], ['--ignore-user-config'], ['--last'], ['--all'], ['--oss']],
};

const SANDBOX_MODES = new Set(['read-only', 'workspace-write', 'danger-full-access']);

/**
 * What a `codex` command line asks for: { kind: 'version' } or
 * { kind: 'exec', resume, threadId, prompt, cwd, output, schema, json, sandbox, config }.
 * Throws UsageError for what the real CLI refuses.
 */
export function parseCodexArgs(argv) {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) return { kind: 'version' };
  if (argv[0] !== 'exec') throw new UsageError(`the stand-in implements only \`codex exec\` and \`--version\`, not: ${argv.slice(0, 2).join(' ')}`);
  const resume = argv[1] === 'resume';
  const parsed = parseOptions(argv.slice(resume ? 2 : 1), EXEC_OPTIONS);
  const sandbox = lastValue(parsed, '-s');
  if (sandbox !== null && !SANDBOX_MODES.has(sandbox)) throw new UsageError(`invalid value '${sandbox}' for '--sandbox'`);
  if (resume && sandbox !== null) throw new UsageError("unexpected argument '--sandbox' found (exec resume takes -c sandbox_mode=...)");
  for (const value of parsed.options.get('-c') ?? []) {
    if (!/^[^=\s]+\s*=/.test(value)) throw new UsageError(`invalid config override '${value}': expected key=value`);
  }
  const last = parsed.options.has('--last');
  const words = [...parsed.positionals];
  const threadId = resume && !last ? (words.shift() ?? null) : null;
  if (resume && !last && threadId === null) throw new UsageError('exec resume needs a session id or --last');
  if (words.length > 1) throw new UsageError(`unexpected argument '${words[1]}' found`);
  const prompt = words[0] ?? null;
  if (prompt === null || prompt === '-') throw new UsageError('the stand-in takes the prompt as an argument, not from stdin');
  return {
    kind: 'exec',
    resume,
    last,
    threadId,
    prompt,
    cwd: lastValue(parsed, '-C'),
    output: lastValue(parsed, '-o'),
    schema: lastValue(parsed, '--output-schema'),
    json: parsed.options.has('--json'),
    sandbox,
    config: parsed.options.get('-c') ?? [],
  };
}

/** `plan`, or `review N` when the prompt is a review prompt for iteration N. */
export function phaseOf(prompt) {
  const review = /review iteration (\d+)/.exec(prompt);
  return review ? { name: 'review', iteration: Number(review[1]) } : { name: 'plan', iteration: 0 };
}

/** The scripted answer for a phase: the plan, or review N (the last review repeats). */
export function answerFor(phase, scenario) {
  if (phase.name === 'plan') return scenario.plan;
  const reviews = scenario.reviews;
  return reviews[Math.min(Math.max(phase.iteration, 1), reviews.length) - 1];
}

/** Rough token counts, so usage and cost figures are not all zero. */
function tokens(text) {
  return Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
}

function threadsDir(env) {
  const home = env.CODEX_HOME || join(env.HOME || homedir(), '.codex');
  return join(home, 'standin-threads');
}

/** Runs one command line; returns the exit code. `io` = { env, cwd, stdout(text), stderr(text) }. */
export function runCodex(argv, io) {
  // `codex sandbox [options] -- command...`: the stand-in has no sandbox of its own; it runs the command.
  if (argv[0] === 'sandbox') {
    const split = argv.indexOf('--');
    const command = split < 0 ? [] : argv.slice(split + 1);
    if (command.length === 0) {
      io.stderr('error: the stand-in runs `codex sandbox ... -- <command>` only\n');
      return 2;
    }
    const run = spawnSync(command[0], command.slice(1), { cwd: io.cwd, env: io.env, encoding: 'utf8' });
    io.stdout(run.stdout ?? '');
    io.stderr(run.stderr ?? '');
    return run.status ?? 1;
  }
  let request;
  try {
    request = parseCodexArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}\n`);
    return 2;
  }
  if (request.kind === 'version') {
    io.stdout(`codex-cli ${pinnedVersions().codex}\n`);
    return 0;
  }
  const threads = threadsDir(io.env);
  mkdirSync(threads, { recursive: true });
  let thread;
  if (request.resume) {
    const file = join(threads, `${request.threadId}.json`);
    if (request.last || !existsSync(file)) {
      io.stderr(`Error: no rollout found for thread id ${request.threadId ?? '(last)'}\n`);
      return 1;
    }
    thread = JSON.parse(readFileSync(file, 'utf8'));
  } else {
    thread = { id: randomId(), phase: phaseOf(request.prompt), usage: { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0 } };
  }
  const answer = JSON.stringify(answerFor(thread.phase, loadScenario()));
  // `exec resume` reports the usage of the whole thread, as the real CLI does.
  thread.usage = {
    ...thread.usage,
    input_tokens: thread.usage.input_tokens + tokens(request.prompt),
    output_tokens: thread.usage.output_tokens + tokens(answer),
  };
  writeFileSync(join(threads, `${thread.id}.json`), JSON.stringify(thread));
  if (request.output) writeFileSync(request.output, answer);
  const events = [
    { type: 'thread.started', thread_id: thread.id },
    { type: 'turn.started' },
    { type: 'item.completed', item: { id: 'item_0', type: 'agent_message', text: answer } },
    { type: 'turn.completed', usage: thread.usage },
  ];
  io.stdout(request.json ? events.map((event) => `${JSON.stringify(event)}\n`).join('') : `${answer}\n`);
  appendLog(io.env, {
    agent: 'codex',
    command: request.resume ? 'resume' : 'exec',
    phase: thread.phase.name,
    iteration: thread.phase.iteration,
    promptBytes: Buffer.byteLength(request.prompt, 'utf8'),
    cwd: request.cwd ?? io.cwd,
  });
  return 0;
}
