import { run } from '../action/main-step.js';

await run();
