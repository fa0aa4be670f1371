// What the action tells people to do about a run that stopped early, naming the settings as the workflow
// file sets them (the `with:` inputs); the engine says only what happened.
import type { Advice } from '../../core/ports.js';

export const ACTION_ADVICE: Advice = {
  implementationStopped(stop) {
    switch (stop) {
      case 'timeout':
        return 'Raise `timeout-minutes` (the limit of each agent run) or split the objective into smaller steps, then resume the loop.';
      case 'turn-limit':
        return 'Raise `max-turns` (Claude Code turns per iteration) or split the objective into smaller steps, then resume the loop.';
      case 'api-error':
        return "Check the Anthropic API key, the base URL and the provider's status, then resume the loop.";
      case 'other':
        return "Read Claude Code's last words above, fix the cause, then resume the loop.";
    }
  },
};
