// The local CLI: `codex-cto plan|review|run|status|skill`. Parses the command line once and reports errors in
// one place, with what to do about them. The process itself is the entry point's (src/entrypoints/cli.ts).
import { isCtoError, describeError } from '../core/model/errors.js';
import { parseCli, USAGE } from './args.js';
import type { CliIo } from './io.js';
import { plan } from './plan-command.js';
import { review } from './review-command.js';
import { run } from './run-command.js';
import { skill } from './skill-command.js';
import { status } from './status-command.js';
import { pinnedAgentVersions } from '../core/model/versions.js';

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const command = parseCli(argv);
    switch (command.kind) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'version': {
        const pinned = pinnedAgentVersions();
        io.out(`codex-cto (codex ${pinned.codex}, claude-code ${pinned.claude})`);
        return 0;
      }
      case 'status':
        return await status(io);
      case 'plan':
        return await plan(io, command);
      case 'review':
        return await review(io, command);
      case 'run':
        return await run(io, command);
      case 'skill':
        return await skill(io, command);
    }
  } catch (error) {
    io.err(`error: ${describeError(error)}`);
    if (isCtoError(error) && error.hint) io.err(error.hint);
    return 1;
  }
}
