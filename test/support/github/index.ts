// The emulated GitHub for tests: import from here.
export { startGitHubEmulator, DEFAULT_WORKFLOW_TOKEN } from './emulator.js';
export type { EmulatorOptions, GitHubEmulator, PullRequestSeed, RequestFilter } from './emulator.js';
export { SECONDARY_RATE_LIMIT_BODY } from './faults.js';
export type { FaultSpec, HookEvent, HookSpec } from './faults.js';
export { seedProject, octokitFor, plainOctokitFor, DEFAULT_FILES } from './fixtures.js';
export type { SeededProject, SeedOptions, TestOctokit } from './fixtures.js';
export type { Account, CheckRun, Issue, IssueComment, Permission, Pull, Repo, Review, ReviewComment } from './model.js';
export { replyToReviewComment, submitReview } from './people.js';
export type { InlineComment, PostedReply, SubmittedReview } from './people.js';
export { PRIMARY_RATE_LIMIT_DOCS, SECONDARY_RATE_LIMIT_DOCS } from './rate-limit-gate.js';
export { budgetOf, GITHUB_RATE_LIMITS, manualClock, RateLimiter } from './rate-limits.js';
export type { RateLimitPolicy, RateLimitResource, RateStatus } from './rate-limits.js';
export { findReviewComment, resolveThread, threadsOn, unresolveThread } from './review-threads.js';
export type { LocatedComment, ReviewThread } from './review-threads.js';
export { ACTIONS_BOT } from './rules.js';
export { reviewCommentsOf } from './routes-reviews.js';
export type { RequestRecord, Violation } from './server.js';
export { World } from './state.js';
