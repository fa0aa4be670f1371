import { describe, expect, it } from 'vitest';
import { fenceFor, heldBackWorkflowsComment, PATCH_LIMIT } from '../../../src/render/held-back-workflows.js';

const patch = 'diff --git a/.github/workflows/ci.yml b/.github/workflows/ci.yml\n--- a/.github/workflows/ci.yml\n+++ b/.github/workflows/ci.yml\n@@ -1 +1 @@\n-name: CI\n+name: Tests\n';

describe('heldBackWorkflowsComment', () => {
  it('names the files, the workflows permission, the App token fix, and fences the patch', () => {
    const body = heldBackWorkflowsComment({ paths: ['.github/workflows/ci.yml'], patch, branch: 'codex-cto/issue-3', restPushed: true });
    expect(body).toContain('the token lacks the `workflows` permission');
    expect(body).toContain('The rest of the change is on `codex-cto/issue-3`; these files were left out:\n\n- `.github/workflows/ci.yml`');
    expect(body).toContain('actions/create-github-app-token');
    expect(body).toContain('`write-workflows: true`');
    expect(body.endsWith(`\`\`\`diff\n${patch.trimEnd()}\n\`\`\``)).toBe(true);
  });

  it('cannot be closed early by backticks in the patch, and bounds the patch', () => {
    expect(fenceFor('a ```` b')).toBe('`````');
    const long = `+${'x'.repeat(PATCH_LIMIT + 10)}`;
    const body = heldBackWorkflowsComment({ paths: ['.github/workflows/a.yml'], patch: long, branch: 'b', restPushed: false });
    expect(body.length).toBeLessThan(PATCH_LIMIT + 2_000);
    expect(body).toContain('Nothing else changed');
    expect(body).toContain(`only its first ${PATCH_LIMIT} are shown here: the whole patch is in the job's log`);
  });
});
