// Codex's plan and review as a person reads them in a terminal (`codex-cto plan` and `review` without
// --json). Plain printable ASCII, each model string on one capped line, so no reply can move the cursor
// or clear the screen. The exact answer is the JSON (`--json`, and the run's artifact files). Pure.
import type { Plan, Review } from '../core/model/schema-types.js';
import { plural } from './format.js';
import { ascii } from './progress.js';

const LINE = 200;

export function planText(plan: Plan): string[] {
  return [
    `Plan: ${ascii(plan.objective, LINE)}`,
    `Strategy: ${ascii(plan.strategy, LINE)}`,
    ...plan.tasks.map((task) => {
      const after = task.dependencies.length > 0 ? ` (after ${ascii(task.dependencies.join(', '), 60)})` : '';
      return `  ${ascii(task.id, 20)} ${ascii(task.title, 80)} [${task.action} ${ascii(task.target, 80)}]${after}`;
    }),
    ...plan.open_questions.map((open) => `  open question${open.blocking ? ' (blocking)' : ''}: ${ascii(open.question, LINE)}`),
    `Verification: ${plan.verification.length === 0 ? 'none' : plan.verification.map((command) => ascii(command, 80)).join(' && ')}`,
  ];
}

export function reviewText(review: Review): string[] {
  const passed = review.task_reviews.filter((entry) => entry.status === 'pass').length;
  return [
    `Verdict: ${review.verdict} (${passed}/${review.task_reviews.length} tasks pass, ${plural(review.findings.length, 'finding')})`,
    `Summary: ${ascii(review.summary, LINE)}`,
    ...(review.reason === null ? [] : [`Reason: ${ascii(review.reason, LINE)}`]),
    ...review.task_reviews
      .filter((entry) => entry.status !== 'pass')
      .map((entry) => `  ${ascii(entry.task_id, 20)} ${entry.status}: ${ascii(entry.feedback, LINE)}`),
    ...review.findings.map((finding) => `  ${finding.priority} ${ascii(finding.path, 80)}:${finding.start_line} ${ascii(finding.title, LINE)}`),
    ...review.revised_tasks.map((task) => `  revised task ${ascii(task.id, 20)}: ${ascii(task.title, 80)}`),
    ...review.questions.map((question) => `  question: ${ascii(question, LINE)}`),
  ];
}
