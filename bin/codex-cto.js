#!/usr/bin/env node
// The codex-cto command. It checks the Node version before loading the bundle: an older Node fails on the
// bundle's syntax and APIs with a stack trace, so it gets one clear line instead. Keep this file to syntax
// every Node with ES modules understands.
var REQUIRED_MAJOR = 22;
var major = Number(process.versions.node.split('.')[0]);
if (major < REQUIRED_MAJOR) {
  process.stderr.write('codex-cto needs Node.js ' + REQUIRED_MAJOR + ' or newer; this is Node.js ' + process.versions.node + '. Install a newer Node (https://nodejs.org) and run it again.\n');
  process.exitCode = 1;
} else {
  import('../dist/cli/index.js');
}
