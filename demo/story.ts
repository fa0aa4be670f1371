// Tells the run as it happens, one progress line per phase, from what the outside world sees: the
// requests the agent CLIs make to the scripted model servers and the writes the action makes to the
// emulated GitHub. Nothing here reaches into the action; it only watches its traffic.
import type { Plan, Review } from '../src/core/model/schema-types.js';
import type { CapturedAnthropicRequest, ClaudeScript, ClaudeTurn } from '../test/support/anthropic-server.js';
import type { CodexTurn } from '../test/support/openai-server.js';
import type { GitHubEmulator } from '../test/support/github/emulator.js';
import type { HookEvent } from '../test/support/github/faults.js';
import type { SeededProject } from '../test/support/github/fixtures.js';
import { requestText } from '../test/support/scenario.js';
import { markdownToText } from './markdown-text.js';

export interface StoryOptions {
  print: (line: string) => void;
  now?: () => number;
}

type CodexTurnPicker = (ctx: { index: number; body: unknown }) => CodexTurn;

/** Tracking comment headlines while a run is still working (anything else is where the loop ended). */
const WORKING_HEADLINE = /^(Planning|Implementing|Verifying|Reviewing|Revise)\b/;
const DETAIL_INDENT = ' '.repeat(23);

export class Story {
  private readonly print: (line: string) => void;
  private readonly now: () => number;
  private readonly started: number;
  private plan: Plan | null = null;
  /** Codex's review replies, oldest first, until the action posts them. */
  private readonly verdicts: { iteration: number; review: Review | null }[] = [];
  private implementing = 0;
  private claudeIdle = true;
  private planShown = false;
  private lastEnding = '';

  constructor(options: StoryOptions) {
    this.print = options.print;
    this.now = options.now ?? Date.now;
    this.started = this.now();
  }

  /** One progress line: elapsed time, the phase, what happened; details indented below. */
  line(phase: string, text: string, details: readonly string[] = []): void {
    const seconds = ((this.now() - this.started) / 1000).toFixed(1).padStart(5);
    this.print(`[${seconds}s] ${phase.padEnd(13)} ${text}`);
    for (const detail of details) this.detail(detail);
  }

  detail(text: string): void {
    for (const line of text.split('\n')) this.print(`${DETAIL_INDENT}${line}`);
  }

  /** Wraps Codex's scripted answers so that planning and each review are told as they start. */
  codex(pick: CodexTurnPicker): CodexTurnPicker {
    return (ctx) => {
      const turn = pick(ctx);
      const review = /review iteration (\d+)/.exec(requestText(ctx.body));
      const iteration = Number(review?.[1] ?? 0);
      if (ctx.index === 0) {
        if (review) this.line('reviewing', `iteration ${iteration}: Codex reads the change in a read-only sandbox`);
        else this.line('planning', 'Codex reads the repository in a read-only sandbox and writes a plan');
      }
      if ('exec' in turn) this.detail(`Codex runs: ${Array.isArray(turn.exec.cmd) ? turn.exec.cmd.join(' ') : turn.exec.cmd}`);
      if ('message' in turn) {
        const value = parseJson(turn.message);
        if (review) this.verdicts.push({ iteration, review: value as Review | null });
        else this.plan = value as Plan | null;
      }
      return turn;
    };
  }

  /**
   * Wraps Claude's scripted turns: a request after a final answer starts an iteration (a resumed
   * session carries the earlier turns in its context); each tool call is a detail; the final answer
   * hands over to the action, which verifies next.
   */
  claude(turns: readonly ClaudeTurn[], latest: () => CapturedAnthropicRequest | undefined): ClaudeScript {
    return ({ index }) => {
      const turn = turns[index] ?? { status: 500, error: `the demo script has no Claude turn ${index}` };
      if (this.claudeIdle) {
        this.claudeIdle = false;
        this.implementing += 1;
        const session = sessionOf(latest());
        this.line('implementing', index === 0
          ? `iteration ${this.implementing}: Claude Code starts session ${session}`
          : `iteration ${this.implementing}: Claude Code resumes session ${session} (${index} earlier turns in its context)`);
      }
      if ('tools' in turn) {
        for (const tool of turn.tools) this.detail(`Claude Code: ${tool.name} ${describeInput(tool.input)}`);
      } else if ('text' in turn) {
        this.detail(`Claude Code: "${turn.text}"`);
        this.claudeIdle = true;
        const checks = this.plan?.verification.map((command) => `\`${command}\``).join(', ') || "the plan's verification commands";
        this.line('verifying', `iteration ${this.implementing}: Claude Code is done; the action itself runs ${checks}`);
      }
      return turn;
    };
  }

  /** Watches the action's writes to GitHub; returns a function that stops watching. */
  watch(gh: GitHubEmulator, project: SeededProject): () => void {
    return gh.on({ when: 'after', run: (event) => this.onGitHub(project, event) });
  }

  private onGitHub(project: SeededProject, event: HookEvent): void {
    if (event.status === undefined || event.status >= 300) return;
    const body = (event.body ?? {}) as Record<string, unknown>;
    switch (`${event.method} ${event.route}`) {
      case 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments':
        return this.onTracking(String(body.body ?? ''), /\/issues\/(\d+)\//.exec(event.path)?.[1] ?? null);
      case 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}':
        return this.onTracking(String(body.body ?? ''), null);
      case 'POST /repos/{owner}/{repo}/pulls':
        return this.onPullOpened(project);
      case 'POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews':
        return this.onReview(project);
      case 'POST /repos/{owner}/{repo}/check-runs':
      case 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}':
        return this.onCheckRun(project);
      case 'PATCH /repos/{owner}/{repo}/pulls/{pull_number}':
        if (body.draft === false) this.onReady(project);
        return;
      case 'POST /graphql': {
        const query = String(body.query ?? '');
        // One request may do both, in this order: the approved loop's last comment write marks the PR ready too.
        if (query.includes('updateIssueComment')) this.onTracking(String((body.variables as { body?: unknown } | undefined)?.body ?? ''), null);
        if (query.includes('markPullRequestReadyForReview')) this.onReady(project);
        return;
      }
      case 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels':
        this.line('label added', `the action adds ${JSON.stringify(body.labels ?? [])}`);
        return;
    }
  }

  private onTracking(body: string, createdOn: string | null): void {
    const headline = headlineOf(body);
    if (headline === null) return;
    if (createdOn !== null) this.line('tracking', `comment posted on issue #${createdOn}: "${headline}"`);
    if (!this.planShown && body.includes('#### Plan')) {
      this.planShown = true;
      const tasks = this.plan?.tasks.map((task) => `${task.id} ${task.title} (${task.target})`) ?? checklistOf(body);
      const checks = this.plan ? [`then check: ${this.plan.verification.join(', ')}`] : [];
      this.line('plan posted', `${tasks.length} tasks, as a checklist in the tracking comment`, [...tasks, ...checks]);
    }
    if (!WORKING_HEADLINE.test(headline) && headline !== this.lastEnding) {
      this.lastEnding = headline;
      this.line(headline === 'Approved' ? 'approved' : 'ended', `the tracking comment now reads "${headline}"`, [sentenceOf(body)]);
    }
  }

  private onPullOpened(project: SeededProject): void {
    const pull = newest([...project.repo.issues.values()].filter((issue) => issue.pull !== null), (issue) => issue.number);
    if (!pull?.pull) return;
    const draft = pull.pull.draft ? ' as a draft' : '';
    this.line('PR opened', `#${pull.number} "${pull.title}"${draft}: ${pull.pull.headRef} -> ${pull.pull.baseRef}`);
  }

  private onReview(project: SeededProject): void {
    const stored = project.repo.reviews.at(-1);
    if (!stored) return;
    const { iteration, review } = this.verdicts.shift() ?? { iteration: 0, review: null };
    const where = `posted as a ${stored.state} review on ${stored.commitId.slice(0, 7)}`;
    const tasks = (review?.task_reviews ?? []).filter((task) => task.status !== 'pass').map((task) => `${task.task_id} ${task.status}: ${task.feedback}`);
    // Each finding by priority and place, and whether GitHub took it as an inline comment.
    const findings = (review?.findings ?? []).map((finding) => {
      const lines = finding.end_line > finding.start_line ? `${finding.start_line}-${finding.end_line}` : `${finding.start_line}`;
      const posted = stored.comments.some((comment) => comment.path === finding.path && comment.line === finding.end_line) ? ' (inline)' : '';
      return `${finding.priority} ${finding.path}:${lines} ${finding.title}${posted}`;
    });
    const unmet = (review?.requirements ?? []).filter((requirement) => requirement.status !== 'met').map((requirement) => `requirement ${requirement.status.replace('_', ' ')}: ${requirement.requirement}`);
    const marked = (review?.previous_findings ?? []).map((mark) => `earlier finding ${mark.id}: ${mark.status}`);
    this.line('verdict', `iteration ${iteration}: ${review?.verdict ?? 'unknown'}, ${where}`, [review?.summary ?? headlineOf(stored.body) ?? '', ...marked, ...tasks, ...findings, ...unmet].filter(Boolean));
  }

  private onCheckRun(project: SeededProject): void {
    const run = newest([...project.repo.checkRuns.values()], (check) => check.id);
    if (!run || run.status !== 'completed') return;
    this.line('check run', `${run.name} on ${run.headSha.slice(0, 7)}: ${run.conclusion ?? 'none'}${run.output.title ? ` (${run.output.title})` : ''}`);
  }

  private onReady(project: SeededProject): void {
    const pull = newest([...project.repo.issues.values()].filter((issue) => issue.pull !== null), (issue) => issue.number);
    this.line('PR ready', `#${pull?.number ?? '?'} is no longer a draft: ready for a human review`);
  }
}

function headlineOf(markdown: string): string | null {
  const match = /^#{1,6}\s+(?:codex-cto(?: review)?:\s*)?(.+)$/m.exec(markdown);
  return match?.[1]?.trim() ?? null;
}

/** The sentence under the headline, as text. */
function sentenceOf(markdown: string): string {
  const paragraphs = markdown.split(/\n\s*\n/);
  return markdownToText(paragraphs[1] ?? '');
}

function checklistOf(markdown: string): string[] {
  return markdown.split('\n').filter((line) => /^- \[[ x]\] /.test(line)).map((line) => markdownToText(line.slice(6)));
}

function sessionOf(request: CapturedAnthropicRequest | undefined): string {
  const header = request?.headers['x-claude-code-session-id'];
  const id = Array.isArray(header) ? header[0] : header;
  return id ? id.slice(0, 8) : '(unknown)';
}

function describeInput(input: Record<string, unknown>): string {
  const target = input.file_path ?? input.command ?? input.pattern;
  return typeof target === 'string' ? target.replace(/^\{\{cwd\}\}\//, '') : JSON.stringify(input);
}

function newest<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  return [...items].sort((a, b) => key(b) - key(a))[0];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
