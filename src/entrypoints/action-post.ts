import { post } from '../action/post-step/post-step.js';

await post();
