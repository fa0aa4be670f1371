// The action's post step as the runner starts it (`dist/post/index.js`), also after a cancelled job.
import { runPostStep } from '../action/post-step/post-step.js';

await runPostStep(process.env);
