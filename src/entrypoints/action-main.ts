// The action's main step as the runner starts it (`dist/index.js`): the environment and the log stream are
// read here and handed down; nothing below reads the process.
import { runMainStep } from '../action/main-step.js';

await runMainStep(process.env, (line) => process.stdout.write(line));
