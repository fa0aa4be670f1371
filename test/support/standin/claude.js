// A stand-in for `claude` that answers in milliseconds: `--version`, and `-p` as the action drives it.
// A new session replays iteration 1 of the greeter story (writes its files in the working directory);
// each `--resume` of that session replays the next iteration. The session lives where the real CLI
// keeps it (`$CLAUDE_CONFIG_DIR/projects/<cwd-slug>/<id>.jsonl`), so the action's check that a session
// can be resumed sees it. For measurements, a wrapper can ask for a large change on top (see LARGE_*).
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { appendLog, lastValue, loadScenario, parseOptions, pinnedVersions, randomId, UsageError } from './shared.js';

/** With both set, iteration 1 also writes this many files of this many bytes in all under `generated/`. */
export const LARGE_FILES_VARIABLE = 'CODEX_CTO_STANDIN_LARGE_FILES';
export const LARGE_BYTES_VARIABLE = 'CODEX_CTO_STANDIN_LARGE_BYTES';
/** With stream-json, spread the work over this many seconds, streaming a todo list and each file's Write as it goes. */
export const WORK_SECONDS_VARIABLE = 'CODEX_CTO_STANDIN_CLAUDE_SECONDS';

const PRINT_OPTIONS = {
  valued: [
    ['--output-format'], ['--input-format'], ['--max-turns'], ['--permission-mode'], ['--append-system-prompt'],
    ['--system-prompt'], ['--model'], ['--fallback-model'], ['--max-budget-usd'], ['-r', '--resume'], ['--session-id'],
    ['--settings'], ['--json-schema'], ['--permission-prompt-tool'], ['--setting-sources'],
  ],
  variadic: [
    ['--tools'], ['--allowedTools', '--allowed-tools'], ['--disallowedTools', '--disallowed-tools'], ['--add-dir'],
    ['--mcp-config'], ['--betas'],
  ],
  flags: [
    ['-p', '--print'], ['--verbose'], ['-c', '--continue'], ['--fork-session'], ['--no-session-persistence'],
    ['--dangerously-skip-permissions'], ['--include-partial-messages'], ['--strict-mcp-config'],
  ],
};

const OUTPUT_FORMATS = new Set(['text', 'json', 'stream-json']);
const PERMISSION_MODES = new Set(['acceptEdits', 'auto', 'bypassPermissions', 'manual', 'dontAsk', 'plan', 'default']);

/**
 * What a `claude` command line asks for: { kind: 'version' } or
 * { kind: 'print', prompt, outputFormat, resume, maxTurns, maxBudgetUsd, tools, allowedTools, permissionMode, model }.
 * Throws UsageError for what the real CLI refuses (and for interactive use, which a stand-in cannot do).
 */
export function parseClaudeArgs(argv) {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) return { kind: 'version' };
  const parsed = parseOptions(argv, PRINT_OPTIONS);
  if (!parsed.options.has('-p')) throw new UsageError('the stand-in runs headless only: pass -p');
  const outputFormat = lastValue(parsed, '--output-format') ?? 'text';
  if (!OUTPUT_FORMATS.has(outputFormat)) throw new UsageError(`option '--output-format' has an invalid value '${outputFormat}'`);
  if (outputFormat === 'stream-json' && !parsed.options.has('--verbose')) {
    throw new UsageError('When using --print, --output-format=stream-json requires --verbose');
  }
  const permissionMode = lastValue(parsed, '--permission-mode');
  if (permissionMode !== null && !PERMISSION_MODES.has(permissionMode)) throw new UsageError(`option '--permission-mode' has an invalid value '${permissionMode}'`);
  const maxTurns = numberOption(parsed, '--max-turns', (n) => Number.isInteger(n) && n > 0);
  const maxBudgetUsd = numberOption(parsed, '--max-budget-usd', (n) => n >= 0);
  if (parsed.positionals.length > 1) throw new UsageError(`too many arguments: ${parsed.positionals.length} prompts`);
  const prompt = parsed.positionals[0] ?? null;
  if (prompt === null || prompt.trim() === '') throw new UsageError('Input must be provided as an argument when using --print (the stand-in reads no stdin)');
  const list = (name) => (parsed.options.get(name) ?? []).flatMap(splitRules);
  return {
    kind: 'print',
    prompt,
    outputFormat,
    resume: lastValue(parsed, '-r'),
    forkSession: parsed.options.has('--fork-session'),
    maxTurns,
    maxBudgetUsd,
    tools: list('--tools'),
    allowedTools: list('--allowedTools'),
    permissionMode,
    model: lastValue(parsed, '--model'),
  };
}

/** `Read,Bash(npm test:*) Edit` -> three rules: commas and spaces separate, except inside parentheses. */
export function splitRules(text) {
  const rules = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '(') depth += 1;
    if (char === ')') depth = Math.max(0, depth - 1);
    if (depth === 0 && (char === ',' || /\s/.test(char))) {
      if (current) rules.push(current);
      current = '';
    } else current += char;
  }
  if (current) rules.push(current);
  return rules;
}

function numberOption(parsed, name, valid) {
  const text = lastValue(parsed, name);
  if (text === null) return null;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !valid(value)) throw new UsageError(`option '${name}' has an invalid value '${text}'`);
  return value;
}

/** The directory name the real CLI uses for a working directory: every other character becomes `-`. */
export function projectSlug(cwd) {
  return cwd.replace(/[^A-Za-z0-9]/g, '-');
}

/** The files of a large change: `count` files whose contents add up to `bytes`, made of numbered lines. */
export function largeChange(count, bytes) {
  const files = {};
  const perFile = Math.max(1, Math.floor(bytes / count));
  for (let n = 0; n < count; n += 1) {
    const lines = [];
    let size = 0;
    for (let line = 0; size < perFile; line += 1) {
      const text = `// generated/${n} line ${line}: the quick brown fox jumps over the lazy dog ${(n * 7919 + line) % 10007}\n`;
      lines.push(text);
      size += text.length;
    }
    files[`generated/part-${String(Math.floor(n / 100)).padStart(2, '0')}/file-${String(n).padStart(4, '0')}.js`] = lines.join('');
  }
  return files;
}

function configDir(env) {
  return env.CLAUDE_CONFIG_DIR || join(env.HOME || homedir(), '.claude');
}

function findSession(config, id) {
  const projects = join(config, 'projects');
  if (!existsSync(projects)) return null;
  for (const name of readdirSync(projects)) {
    const file = join(projects, name, `${id}.jsonl`);
    if (existsSync(file)) return file;
  }
  return null;
}

/** Writes the files inside `cwd` only, as `acceptEdits` allows. Returns the bytes written. */
function writeFiles(cwd, files) {
  let bytes = 0;
  for (const [path, content] of Object.entries(files)) {
    const target = resolve(cwd, path);
    const inside = relative(cwd, target);
    if (inside.startsWith('..') || isAbsolute(inside)) throw new Error(`refusing to write outside the working directory: ${path}`);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    bytes += Buffer.byteLength(content, 'utf8');
  }
  return bytes;
}

/**
 * The middle of a stream-json run spread over `seconds`: a todo list with one item per file, then per file a
 * pause, its Write and the list with that item ticked. Nothing when `seconds` is not positive.
 */
function streamWork(io, sessionId, paths, seconds) {
  if (!(seconds > 0)) return;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const line = (event) => io.stdout(`${JSON.stringify({ ...event, session_id: sessionId })}\n`);
  const todos = (done) => paths.map((path, i) => ({ content: `Write ${path}`, activeForm: `Writing ${path}`, status: i < done ? 'completed' : i === done ? 'in_progress' : 'pending' }));
  const assistant = (n, block) => line({ type: 'assistant', message: { id: `msg_standin_${n}`, role: 'assistant', content: [block], usage: { input_tokens: 100, output_tokens: 20 } } });
  assistant(0, { type: 'tool_use', id: 'toolu_standin_todo_0', name: 'TodoWrite', input: { todos: todos(0) } });
  paths.forEach((path, i) => {
    Atomics.wait(pause, 0, 0, (seconds * 1000) / paths.length);
    assistant(i + 1, { type: 'tool_use', id: `toolu_standin_write_${i}`, name: 'Write', input: { file_path: join(io.cwd, path), content: '(written)' } });
    line({ type: 'user', message: { role: 'user', content: [{ type: 'tool_result', tool_use_id: `toolu_standin_write_${i}`, content: 'File written' }] } });
    assistant(i + 1, { type: 'tool_use', id: `toolu_standin_todo_${i + 1}`, name: 'TodoWrite', input: { todos: todos(i + 1) } });
  });
}

/** Runs one command line; returns the exit code. `io` = { env, cwd, stdout(text), stderr(text) }. */
export function runClaude(argv, io) {
  let request;
  try {
    request = parseClaudeArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${error.message}\n`);
    return 1;
  }
  if (request.kind === 'version') {
    io.stdout(`${pinnedVersions().claude} (Claude Code)\n`);
    return 0;
  }
  const started = Date.now();
  const config = configDir(io.env);
  let history = [];
  if (request.resume !== null) {
    const file = findSession(config, request.resume);
    if (file === null) {
      io.stderr(`No conversation found with session ID: ${request.resume}\n`);
      return 1;
    }
    history = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  }
  const sessionId = request.resume !== null && !request.forkSession ? request.resume : randomId();
  const scenario = loadScenario();
  const index = Math.min(history.length, scenario.implementations.length - 1);
  const iteration = scenario.implementations[index];
  let files = iteration.files;
  const largeCount = Number(io.env[LARGE_FILES_VARIABLE] ?? 0);
  const largeBytes = Number(io.env[LARGE_BYTES_VARIABLE] ?? 0);
  if (history.length === 0 && largeCount > 0 && largeBytes > 0) files = { ...files, ...largeChange(largeCount, largeBytes) };
  const bytes = writeFiles(io.cwd, files);

  const sessionFile = join(config, 'projects', projectSlug(io.cwd), `${sessionId}.jsonl`);
  mkdirSync(dirname(sessionFile), { recursive: true });
  const entry = `${JSON.stringify({ type: 'iteration', index: history.length, files: Object.keys(files).length })}\n`;
  if (request.forkSession && history.length > 0) writeFileSync(sessionFile, `${history.join('\n')}\n`);
  appendFileSync(sessionFile, entry);

  const turns = request.maxTurns === null ? iteration.turns : Math.min(iteration.turns, request.maxTurns);
  const result = {
    type: 'result',
    subtype: 'success',
    is_error: false,
    duration_ms: Date.now() - started,
    duration_api_ms: 0,
    num_turns: turns,
    result: iteration.text,
    session_id: sessionId,
    total_cost_usd: Number((0.0008 * turns).toFixed(6)),
    usage: { input_tokens: 100 * turns, output_tokens: 20 * turns, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
    permission_denials: [],
    terminal_reason: 'completed',
  };
  if (request.outputFormat === 'json') io.stdout(`${JSON.stringify(result)}\n`);
  else if (request.outputFormat === 'stream-json') {
    const init = { type: 'system', subtype: 'init', cwd: io.cwd, session_id: sessionId, tools: request.tools, model: request.model ?? 'stand-in', permissionMode: request.permissionMode ?? 'default' };
    io.stdout(`${JSON.stringify(init)}\n`);
    streamWork(io, sessionId, Object.keys(iteration.files), Number(io.env[WORK_SECONDS_VARIABLE] ?? 0));
    io.stdout(`${JSON.stringify(result)}\n`);
  } else io.stdout(`${iteration.text}\n`);
  appendLog(io.env, {
    agent: 'claude',
    iteration: history.length + 1,
    resumed: request.resume !== null,
    promptBytes: Buffer.byteLength(request.prompt, 'utf8'),
    filesWritten: Object.keys(files).length,
    bytesWritten: bytes,
  });
  return 0;
}
