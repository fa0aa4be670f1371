// The local CLI as `bin/codex-cto.js` starts it: the process's arguments, directory, environment, output
// streams and Ctrl-C are read here and nowhere else.
import { main } from '../cli/program.js';

process.exitCode = await main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  onInterrupt: (listener) => {
    // Every Ctrl-C reaches the listener (the first stops after the current step, the next at once).
    process.on('SIGINT', listener);
    return () => process.removeListener('SIGINT', listener);
  },
});
