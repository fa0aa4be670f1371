// The GitHub side as the main step loads it: only once an event is for codex-cto, as one dynamic import, so the
// bundler splits all of it (the API client, the engine, the agents, @actions/core with its HTTP stack)
// into a chunk that an ignored event never loads.
export * as core from '@actions/core';
export { createFlowContext } from './context.js';
export { handleTrigger } from './handle-trigger.js';
export { reportFailure } from '../report/failure.js';
export { writeResult } from '../report/finish.js';
export { requireValidConfig } from './run-config.js';
export { effectiveRows } from '../settings/effective.js';
export { settingsTable } from '../../render/settings-table.js';
