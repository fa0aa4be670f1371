// Between iterations the loop asks whether it should stop: the issue closed or locked, the trigger label
// removed, the PR closed or merged, or a permitted person commented the stop command since the run began.
import type { Control } from '../engine/ports.js';
import type { Issues } from '../github/issues.js';
import type { Pulls } from '../github/pulls.js';
import { findCommand } from '../commands.js';
import type { ActorRef } from './authorize.js';

export interface ControlOptions {
  issues: Issues;
  pulls: Pulls;
  issueNumber: number | null;
  prNumber: () => number | null;
  /** Set when the loop was started by this label: removing it stops the loop. */
  requiredLabel: string | null;
  /** ISO time the run started; stop commands before it were handled by earlier runs. */
  since: string;
  commandPrefix: string;
  mayCommand: (actor: ActorRef) => Promise<boolean>;
}

export function createControl(options: ControlOptions): Control {
  return {
    async stopRequested() {
      const threads = new Set<number>();
      // The PR first: merging it closes the issue it names, and "merged" is the reason worth telling.
      const pr = options.prNumber();
      if (pr !== null) {
        threads.add(pr);
        const pull = await options.pulls.get(pr);
        if (pull.merged) return `pull request #${pr} was merged`;
        if (pull.state === 'closed') return `pull request #${pr} was closed`;
      }
      if (options.issueNumber !== null) {
        threads.add(options.issueNumber);
        const issue = await options.issues.get(options.issueNumber);
        if (issue.state === 'closed') return `#${issue.number} was closed`;
        if (issue.locked) return `#${issue.number} was locked`;
        if (options.requiredLabel && !issue.labels.includes(options.requiredLabel)) return `the \`${options.requiredLabel}\` label was removed`;
      }
      for (const thread of threads) {
        for (const comment of await options.issues.commentsSince(thread, options.since)) {
          if (findCommand(comment.body, options.commandPrefix)?.command !== 'stop') continue;
          if (await options.mayCommand(comment.author)) return `@${comment.author.login} asked to stop`;
        }
      }
      return null;
    },
  };
}
