// The finished thread as one self-contained HTML page laid out like GitHub's issue and pull request
// pages: comments rendered as GitHub-flavoured markdown, commits, the diff, reviews with their inline
// comments, and the check runs. Pure; the styles are inline so the file opens anywhere.
import { escapeHtml, inlineMarkdownToHtml, markdownToHtml } from './markdown-html.js';
import { linesOf, pullState, type Thread, type ThreadCheckRun, type ThreadFile, type ThreadPull, type ThreadReview } from './thread.js';

export function threadHtml(thread: Thread): string {
  const { issue } = thread;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${issue.title} · Issue #${issue.number} · ${thread.repository}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="page-head"><span class="repo">${escapeHtml(thread.repository)}</span>
<span class="note">codex-cto demo: the thread as the emulated GitHub holds it after the run (links point at servers that are gone)</span></header>
<main>
<section id="issue">
<h1>${inlineMarkdownToHtml(issue.title)} <span class="number">#${issue.number}</span></h1>
<p class="meta"><span class="state state-${escapeHtml(issue.state)}">${escapeHtml(capital(issue.state))}</span>
<b>${escapeHtml(issue.author)}</b> opened this issue${issue.labels.map((label) => ` <span class="label">${escapeHtml(label)}</span>`).join('')}</p>
${commentBox(issue.author, 'opened this issue', issue.body)}
${thread.comments.map((comment) => commentBox(comment.author, 'commented', comment.body, 'tracking')).join('\n')}
</section>
${thread.pull ? pullSection(thread, thread.pull) : ''}
</main>
</body>
</html>
`;
}

function pullSection(thread: Thread, pull: ThreadPull): string {
  const state = pullState(pull);
  const stateClass = pull.state === 'merged' ? 'merged' : pull.draft ? 'draft' : pull.state;
  const commits = thread.commits.length === 1 ? '1 commit' : `${thread.commits.length} commits`;
  return `<section id="pull">
<h1>${inlineMarkdownToHtml(pull.title)} <span class="number">#${pull.number}</span></h1>
<p class="meta"><span class="state state-${escapeHtml(stateClass)}">${escapeHtml(state)}</span>
<b>${escapeHtml(pull.author)}</b> wants to merge ${commits} into <code class="branch">${escapeHtml(pull.base)}</code> from <code class="branch">${escapeHtml(pull.head)}</code></p>
${commentBox(pull.author, 'opened this pull request', pull.body)}
<h2>Commits</h2>
<ul class="commits">${thread.commits.map((c) => `<li><code>${escapeHtml(c.sha.slice(0, 7))}</code> ${inlineMarkdownToHtml(c.subject)} <span class="who">${escapeHtml(c.author)}</span></li>`).join('')}</ul>
<h2>Files changed</h2>
${thread.files.map(fileBox).join('\n')}
<h2>Reviews</h2>
${thread.reviews.map(reviewBox).join('\n')}
<h2>Checks</h2>
<div class="box checks">${thread.checkRuns.map(checkRow).join('\n')}</div>
</section>`;
}

function commentBox(author: string, verb: string, body: string, kind = ''): string {
  return `<div class="box comment ${kind}">
<div class="box-head"><b>${escapeHtml(author)}</b> ${escapeHtml(verb)}</div>
<div class="markdown-body">${body.trim() ? markdownToHtml(body) : '<p class="empty">No description provided.</p>'}</div>
</div>`;
}

function fileBox(file: ThreadFile): string {
  return `<div class="box file">
<div class="box-head"><code>${escapeHtml(file.path)}</code> <span class="stat"><span class="add">+${file.additions}</span> <span class="del">-${file.deletions}</span></span></div>
${diffTable(file.patch)}
</div>`;
}

function diffTable(patch: string): string {
  if (!patch) return '<p class="empty">No textual changes.</p>';
  const rows = patch.split('\n').map((line) => {
    const kind = line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : 'ctx';
    return `<div class="line ${kind}">${escapeHtml(line) || '&nbsp;'}</div>`;
  });
  return `<pre class="diff">${rows.join('')}</pre>`;
}

const REVIEW_VERBS: Record<string, string> = {
  APPROVED: 'approved these changes',
  CHANGES_REQUESTED: 'requested changes',
  COMMENTED: 'reviewed',
  DISMISSED: 'reviewed (dismissed)',
};

function reviewBox(review: ThreadReview): string {
  const inline = review.comments.map((comment) => `<div class="inline">
<div class="inline-head"><code>${escapeHtml(comment.path)}</code>${linesOf(comment)}</div>
${diffTable(comment.diffHunk.split('\n').slice(-4).join('\n'))}
<div class="markdown-body">${markdownToHtml(comment.body)}</div>
</div>`);
  return `<div class="box review review-${escapeHtml(review.state.toLowerCase())}">
<div class="box-head"><b>${escapeHtml(review.author)}</b> ${escapeHtml(REVIEW_VERBS[review.state] ?? 'reviewed')} on <code>${escapeHtml(review.commit.slice(0, 7))}</code></div>
<div class="markdown-body">${markdownToHtml(review.body)}</div>
${inline.join('\n')}
</div>`;
}

function checkRow(run: ThreadCheckRun): string {
  const conclusion = run.conclusion ?? run.status;
  return `<details class="check check-${escapeHtml(conclusion)}"><summary><b>${escapeHtml(run.name)}</b> <span class="conclusion">${escapeHtml(conclusion)}</span> ${escapeHtml(run.title)} <code>${escapeHtml(run.headSha.slice(0, 7))}</code></summary>
<div class="markdown-body">${markdownToHtml(run.summary)}</div></details>`;
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const STYLE = `
body { margin: 0; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; background: #fff; }
.page-head { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 12px 24px; display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
.page-head .repo { font-weight: 600; font-size: 16px; }
.page-head .note { color: #59636e; font-size: 12px; }
main { max-width: 920px; margin: 0 auto; padding: 16px 24px 48px; }
section { margin-bottom: 40px; }
h1 { font-size: 26px; font-weight: 400; margin: 16px 0 8px; }
h1 .number { color: #59636e; font-weight: 300; }
h2 { font-size: 16px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d0d7de; }
.meta { color: #59636e; margin: 0 0 16px; padding-bottom: 16px; border-bottom: 1px solid #d0d7de; }
.meta b { color: #1f2328; }
.state { display: inline-block; padding: 4px 12px; border-radius: 2em; color: #fff; font-weight: 600; margin-right: 6px; }
.state-open { background: #1f883d; } .state-closed { background: #8250df; } .state-merged { background: #8250df; } .state-draft { background: #59636e; }
.label { display: inline-block; padding: 0 8px; border-radius: 2em; background: #ddf4ff; color: #0969da; font-size: 12px; font-weight: 600; margin-left: 4px; }
code.branch { background: #ddf4ff; color: #0969da; padding: 2px 6px; border-radius: 6px; }
.box { border: 1px solid #d0d7de; border-radius: 6px; margin: 16px 0; overflow: hidden; }
.box-head { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 8px 16px; color: #59636e; }
.box-head b { color: #1f2328; }
.markdown-body { padding: 8px 16px; overflow-x: auto; }
.markdown-body h3, .markdown-body h4 { margin: 12px 0 8px; }
.markdown-body table { border-collapse: collapse; margin: 8px 0; }
.markdown-body th, .markdown-body td { border: 1px solid #d0d7de; padding: 6px 13px; }
.markdown-body tr:nth-child(2n) { background: #f6f8fa; }
.markdown-body code { background: rgba(129,139,152,.12); padding: .2em .4em; border-radius: 6px; font-size: 85%; }
.markdown-body pre { background: #f6f8fa; padding: 12px; border-radius: 6px; overflow-x: auto; }
.markdown-body pre code { background: none; padding: 0; }
.markdown-body blockquote { margin: 0; padding: 0 1em; color: #59636e; border-left: .25em solid #d0d7de; }
.markdown-body li:has(> input[type=checkbox]) { list-style: none; margin-left: -1.3em; }
.markdown-body details { margin: 8px 0; } .markdown-body summary { cursor: pointer; font-weight: 600; }
.markdown-body sub { color: #59636e; }
.empty { color: #59636e; font-style: italic; padding: 8px 16px; margin: 0; }
.commits { list-style: none; padding: 0; } .commits li { padding: 4px 0; border-bottom: 1px solid #eaeef2; } .commits .who { color: #59636e; }
.stat .add { color: #1a7f37; } .stat .del { color: #d1242f; }
pre.diff { margin: 0; font: 12px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-x: auto; }
pre.diff .line { padding: 0 16px; white-space: pre; }
pre.diff .add { background: #dafbe1; } pre.diff .del { background: #ffebe9; } pre.diff .hunk { background: #ddf4ff; color: #59636e; }
.review-approved .box-head { border-left: 4px solid #1f883d; } .review-changes_requested .box-head { border-left: 4px solid #d1242f; }
.inline { margin: 8px 16px 16px; border: 1px solid #d0d7de; border-radius: 6px; overflow: hidden; }
.inline-head { background: #f6f8fa; padding: 6px 12px; border-bottom: 1px solid #d0d7de; }
.checks details { padding: 8px 16px; border-bottom: 1px solid #eaeef2; } .checks details:last-child { border-bottom: 0; }
.check .conclusion { display: inline-block; padding: 0 8px; border-radius: 2em; font-size: 12px; font-weight: 600; background: #eaeef2; }
.check-success .conclusion { background: #dafbe1; color: #1a7f37; } .check-failure .conclusion { background: #ffebe9; color: #d1242f; }
.check-action_required .conclusion { background: #fff8c5; color: #9a6700; }
`;
