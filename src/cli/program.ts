// The local CLI: `codex-cto plan|review|run|runs|continue|status|config|skill`. Parses the command line once
// (over the repository's config file, for the commands that work on a repository) and reports errors in one
// place, with what to do about them. The process itself is the entry point's (src/entrypoints/cli.ts).
import { isCtoError, describeError } from '../core/model/errors.js';
import { parseCli } from './args.js';
import { continueRun, runs } from './continue-command.js';
import type { CliIo } from './io.js';
import { plan } from './plan-command.js';
import { review } from './review-command.js';
import { run } from './run-command.js';
import { skill } from './skill-command.js';
import { status } from './status-command.js';
import { usageOf } from './usage.js';
import { version } from './version-command.js';
import { configPathOf, loadCliConfig } from './config-file.js';
import { settingsTable } from '../render/settings-table.js';

/** Help, version, status, the list of runs and the skill need no config file. */
const WITHOUT_CONFIG = new Set(['help', 'version', 'status', 'runs', 'skill']);

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const bare = parseCli(argv);
    const command = WITHOUT_CONFIG.has(bare.kind) ? bare : parseCli(argv, await loadCliConfig(io, configPathOf(argv)));
    switch (command.kind) {
      case 'help':
        io.out(usageOf(command.topic));
        return 0;
      case 'version':
        return await version(io);
      case 'status':
        return await status(io);
      case 'plan':
        return await plan(io, command);
      case 'review':
        return await review(io, command);
      case 'run':
        return await run(io, command);
      case 'runs':
        return await runs(io);
      case 'continue':
        return await continueRun(io, command);
      case 'config':
        io.out(settingsTable(command.rows));
        return 0;
      case 'skill':
        return await skill(io, command);
    }
  } catch (error) {
    io.err(`error: ${describeError(error)}`);
    if (isCtoError(error) && error.hint) io.err(error.hint);
    return 1;
  }
}
