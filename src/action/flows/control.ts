// Between iterations the loop asks whether it should stop: the issue closed or locked, the trigger label
// removed, the PR closed or merged, or a permitted person commented the stop command since the run began.
import type { Control } from '../../core/ports.js';
import type { LoopStatus } from '../github/issues.js';
import { findCommand } from '../event/comment-command.js';
import type { ActorRef } from '../event/authorize.js';

export interface ControlOptions {
  /** The issue's and the PR's state and newest comments, as they are now. */
  status: () => Promise<LoopStatus>;
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
      const pr = options.prNumber();
      const status = await options.status();
      // The PR first: merging it closes the issue it names, and "merged" is the reason worth telling.
      if (status.pr?.merged) return `pull request #${pr} was merged`;
      if (status.pr?.state === 'CLOSED') return `pull request #${pr} was closed`;
      if (status.issue) {
        if (status.issue.state === 'CLOSED') return `#${options.issueNumber} was closed`;
        if (status.issue.locked) return `#${options.issueNumber} was locked`;
        if (options.requiredLabel && !status.issue.labels.includes(options.requiredLabel)) return `the \`${options.requiredLabel}\` label was removed`;
      }
      const since = Date.parse(options.since);
      for (const comment of status.comments) {
        if (!comment.createdAt || Date.parse(comment.createdAt) < since) continue;
        if (findCommand(comment.body, options.commandPrefix)?.command !== 'stop') continue;
        if (await options.mayCommand(comment.author)) return `@${comment.author.login} asked to stop`;
      }
      return null;
    },
  };
}
