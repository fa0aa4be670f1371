// What an ended (or paused) loop leaves on GitHub, whoever ended it (a loop run, or `/cto review`): on
// approval a ready PR (merged with auto-merge) and no needs-human label; on escalation the label.
import type { Phase } from '../../core/state.js';
import type { Issues } from '../github/issues.js';
import type { PullRef, Pulls } from '../github/pulls.js';
import type { Settings } from '../settings/settings.js';

/** The label an escalated loop puts on its thread: a person should look before it goes on. */
export const NEEDS_HUMAN_LABEL = 'codex-cto:needs-human';

export interface SettleScope {
  issues: Pick<Issues, 'addLabel' | 'removeLabel'>;
  pulls: Pick<Pulls, 'get' | 'markReady' | 'merge' | 'enableAutoMerge'>;
  settings: Pick<Settings, 'autoMerge' | 'mergeMethod'>;
  log: (message: string) => void;
}

export interface SettledLoop {
  pr: number | null;
  issue: number | null;
  phase: Phase;
  /** The PR as the caller already knows it (saves a read); null to read it. */
  pull?: PullRef | null;
  /** Remove the needs-human label on approval (a loop that may have been escalated before). */
  clearNeedsHuman: boolean;
}

export async function settleOnGitHub(ctx: SettleScope, loop: SettledLoop): Promise<void> {
  const { pr, issue, phase } = loop;
  const thread = issue ?? pr;
  if (phase === 'approved' && pr !== null) {
    const pull = loop.pull ?? (await ctx.pulls.get(pr));
    await markReady(ctx, pull);
    if (loop.clearNeedsHuman && thread !== null) await ctx.issues.removeLabel(thread, NEEDS_HUMAN_LABEL);
    if (ctx.settings.autoMerge) await merge(ctx, pull);
  }
  if (phase === 'escalated' && thread !== null) await ctx.issues.addLabel(thread, NEEDS_HUMAN_LABEL);
}

async function markReady(ctx: SettleScope, pull: PullRef): Promise<void> {
  if (!pull.draft) return;
  try {
    await ctx.pulls.markReady(pull);
  } catch (error) {
    // Someone may have marked it ready since this run last looked: only a PR still in draft is a failure.
    if ((await ctx.pulls.get(pull.number)).draft) throw error;
  }
}

async function merge(ctx: SettleScope, pull: PullRef): Promise<void> {
  try {
    await ctx.pulls.merge(pull.number, ctx.settings.mergeMethod, pull.headSha);
  } catch (error) {
    ctx.log(`Merging #${pull.number} now was refused (${(error as Error).message}); enabling auto-merge instead`);
    await ctx.pulls.enableAutoMerge(pull, ctx.settings.mergeMethod);
  }
}
