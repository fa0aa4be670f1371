// What the CLI tells people to do about a run that stopped early, naming the settings as its flags.
import type { Advice } from '../core/ports.js';

export const CLI_ADVICE: Advice = {
  implementationStopped(stop) {
    switch (stop) {
      case 'timeout':
        return 'Raise `--timeout-minutes` (the limit of each agent run) or split the objective into smaller steps, then run again.';
      case 'turn-limit':
        return 'Raise `--max-turns` (Claude Code turns per iteration) or split the objective into smaller steps, then run again.';
      case 'api-error':
        return "Check the Anthropic API key, the base URL and the provider's status, then run again.";
      case 'other':
        return "Read Claude Code's last words above, fix the cause, then run again.";
    }
  },
};
