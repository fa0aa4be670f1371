// The local CLI: `codex-cto plan|review|run|status`. Parses the command line once and reports errors in
// one place, with what to do about them.
import { isCtoError, describeError } from '../core/model/errors.js';
import { parseCli, USAGE } from '../cli/args.js';
import { plan, review, run, status, type CliIo } from '../cli/commands.js';
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
    }
  } catch (error) {
    io.err(`error: ${describeError(error)}`);
    if (isCtoError(error) && error.hint) io.err(error.hint);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
