// The runner's artifact and cache services for tests: import from here.
export { startRunnerServices } from './server.js';
export type { RunnerServices, ServiceRequest, ServiceViolation } from './server.js';
export { runnerServicesEnv, githubComLikeOrigin, GITHUB_COM_LIKE_SERVER_URL } from './env.js';
export type { StepServicesOptions } from './env.js';
export { RunnerServicesState, BLOB_ACCOUNT } from './state.js';
export type { Artifact, CacheEntry, JobSeed, StoredBlob, WorkflowJob } from './state.js';
export { CACHE_READ, CACHE_WRITE } from './runtime-token.js';
export type { CacheScope, TokenOptions } from './runtime-token.js';
export type { ServiceFault } from './faults.js';
export { cacheVersion } from './cache-service.js';
export { artifactRoutes } from './github-artifact-routes.js';
export { readZip, writeZip } from './zip.js';
