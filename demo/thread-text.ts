// The finished thread for the terminal, in the order GitHub shows it: the issue and its comments,
// then the pull request with its commits, files, reviews and checks. Pure.
import { markdownToText } from './markdown-text.js';
import { linesOf, pullState, type Thread, type ThreadCheckRun, type ThreadPull, type ThreadReview } from './thread.js';

export function threadText(thread: Thread): string {
  const parts = [...issueParts(thread)];
  if (thread.pull) parts.push(...pullParts(thread, thread.pull));
  return parts.join('\n\n');
}

function issueParts(thread: Thread): string[] {
  const { issue } = thread;
  const labels = issue.labels.length > 0 ? ` · labels: ${issue.labels.join(', ')}` : '';
  return [
    banner(`Issue #${issue.number} · ${issue.title}`),
    `${thread.repository} · ${issue.state}${labels}\n@${issue.author} opened this issue:`,
    indent(markdownToText(issue.body) || '(no description)'),
    ...thread.comments.flatMap((comment) => [rule(`@${comment.author} commented`), indent(markdownToText(comment.body))]),
  ];
}

function pullParts(thread: Thread, pull: ThreadPull): string[] {
  const commits = thread.commits.length === 1 ? '1 commit' : `${thread.commits.length} commits`;
  const files = thread.files.map((file) => {
    const head = `${file.path} (${file.status}, +${file.additions} -${file.deletions})`;
    return file.patch ? `${head}\n${indent(file.patch)}` : head;
  });
  return [
    banner(`Pull request #${pull.number} · ${pull.title}`),
    `${pullState(pull)} · @${pull.author} wants to merge ${commits} into ${pull.base} from ${pull.head}`,
    indent(markdownToText(pull.body) || '(no description)'),
    rule('Commits'),
    indent(thread.commits.map((commit) => `${short(commit.sha)}  ${commit.subject}  (${commit.author})`).join('\n') || '(none)'),
    rule('Files changed'),
    indent(files.join('\n\n') || '(none)'),
    ...thread.reviews.flatMap(reviewParts),
    rule('Checks'),
    indent(thread.checkRuns.map(checkRunText).join('\n\n') || '(none)'),
  ];
}

function reviewParts(review: ThreadReview): string[] {
  const inline = review.comments.map((comment) => {
    const context = lastLines(comment.diffHunk, 3).map((line) => `  | ${line}`).join('\n');
    const where = `${comment.path}${linesOf(comment)}`;
    return `${where}:\n${context ? `${context}\n` : ''}  ${markdownToText(comment.body)}`;
  });
  return [
    rule(`@${review.author} ${REVIEW_VERBS[review.state] ?? 'reviewed'} on ${short(review.commit)}`),
    indent([markdownToText(review.body), ...inline].filter(Boolean).join('\n\n')),
  ];
}

const REVIEW_VERBS: Record<string, string> = {
  APPROVED: 'approved these changes',
  CHANGES_REQUESTED: 'requested changes',
  COMMENTED: 'reviewed',
  DISMISSED: 'reviewed (dismissed)',
};

function checkRunText(run: ThreadCheckRun): string {
  const mark = run.conclusion === 'success' ? '✓' : run.conclusion === null ? '…' : run.conclusion === 'failure' ? '✗' : '!';
  const head = `${mark} ${run.name} on ${short(run.headSha)}: ${run.conclusion ?? run.status}${run.title ? ` · ${run.title}` : ''}`;
  const summary = markdownToText(run.summary);
  return summary ? `${head}\n${indent(summary)}` : head;
}

function banner(title: string): string {
  return `${'='.repeat(78)}\n${title}\n${'='.repeat(78)}`;
}

function rule(title: string): string {
  return `--- ${title} ${'-'.repeat(Math.max(3, 74 - title.length))}`;
}

function indent(text: string): string {
  return text.split('\n').map((line) => (line ? `    ${line}` : line)).join('\n');
}

function short(sha: string): string {
  return sha.slice(0, 7);
}

function lastLines(text: string, count: number): string[] {
  return text.split('\n').filter(Boolean).slice(-count);
}
