// A throwaway JavaScript action that drives the real @actions/artifact and @actions/cache clients,
// run as the runner runs a step (runner.ts): the services reach it only through its environment.
// Its input is a list of operations; its output, one result per operation (a value or the
// error's class, name and message), so tests assert what the clients did and threw.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runAction, type ActionRun } from '../runner.js';

export type ClientOperation =
  | { op: 'upload'; name: string; files: string[]; root: string; retentionDays?: number }
  | { op: 'list'; latest?: boolean; findBy?: FindBy }
  | { op: 'get'; name: string; findBy?: FindBy }
  | { op: 'download'; id: number; path: string; findBy?: FindBy }
  | { op: 'delete'; name: string }
  | { op: 'findInRepository'; name: string; token: string; repository: string }
  | { op: 'saveCache'; paths: string[]; key: string }
  | { op: 'restoreCache'; paths: string[]; key: string; restoreKeys?: string[]; lookupOnly?: boolean }
  | { op: 'cacheAvailable' };

export interface FindBy {
  token: string;
  workflowRunId: number;
  repositoryOwner: string;
  repositoryName: string;
}

export type OperationResult = { value: unknown } | { error: { class: string; name: string; message: string } };

export interface ClientStep {
  /** Runs the operations in one step of `run`; paths are relative to the workspace. */
  run(options: ClientStepOptions): Promise<{ results: OperationResult[]; run: ActionRun }>;
  close(): Promise<void>;
}

export interface ClientStepOptions {
  operations: ClientOperation[];
  workspace: string;
  repository: string;
  /** The runner services' variables (runnerServicesEnv) and anything else the step should get. */
  env: Record<string, string>;
  /** GITHUB_API_URL (the REST API that findBy uses). */
  apiUrl: string;
  /** GITHUB_SERVER_URL (the clients only look at its host). */
  serverUrl: string;
}

export async function createClientStep(): Promise<ClientStep> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'client-step-'));
  await mkdir(path.join(dir, 'dist'));
  await writeFile(path.join(dir, 'action.yml'), 'name: client step\ninputs:\n  operations:\n    required: true\nruns:\n  using: node24\n  main: dist/main.mjs\n');
  await writeFile(path.join(dir, 'dist', 'main.mjs'), stepSource());
  const runs: string[] = [];
  return {
    async run(options) {
      const run = await runAction({
        actionDir: dir,
        event: 'workflow_dispatch',
        payload: {},
        repository: options.repository,
        workspace: options.workspace,
        sha: '0'.repeat(40),
        apiUrl: options.apiUrl,
        serverUrl: options.serverUrl,
        inputs: { operations: JSON.stringify(options.operations) },
        env: options.env,
        timeoutMs: 90_000,
      });
      runs.push(run.dir);
      const output = run.outputs.results;
      if (run.exitCode !== 0 || output === undefined) {
        throw new Error(`the client step failed (exit ${run.exitCode})\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
      }
      return { results: JSON.parse(output) as OperationResult[], run };
    },
    async close() {
      for (const runDir of runs) await rm(runDir, { recursive: true, force: true });
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The step's code: plain ESM importing the installed clients by their resolved URLs. */
function stepSource(): string {
  const url = (name: string): string => JSON.stringify(import.meta.resolve(name));
  return `
import * as core from ${url('@actions/core')};
import { DefaultArtifactClient } from ${url('@actions/artifact')};
import * as cache from ${url('@actions/cache')};
import { getOctokit } from ${url('@actions/github')};
import path from 'node:path';

const workspace = process.env.GITHUB_WORKSPACE;
const inWorkspace = (p) => path.join(workspace, p);
const artifacts = new DefaultArtifactClient();
const perform = {
  upload: (o) => artifacts.uploadArtifact(o.name, o.files.map((f) => inWorkspace(path.join(o.root, f))), inWorkspace(o.root), { retentionDays: o.retentionDays }),
  list: (o) => artifacts.listArtifacts({ latest: o.latest, findBy: o.findBy }),
  get: (o) => artifacts.getArtifact(o.name, { findBy: o.findBy }),
  download: (o) => artifacts.downloadArtifact(o.id, { path: inWorkspace(o.path), findBy: o.findBy }),
  delete: (o) => artifacts.deleteArtifact(o.name),
  // What an action does to resume from an earlier run: GitHub names the run, the client downloads.
  findInRepository: async (o) => {
    const [owner, repo] = o.repository.split('/');
    const { data } = await getOctokit(o.token).rest.actions.listArtifactsForRepo({ owner, repo, name: o.name });
    return data.artifacts.map((a) => ({ id: a.id, name: a.name, runId: a.workflow_run?.id, digest: a.digest }));
  },
  saveCache: (o) => cache.saveCache(o.paths, o.key),
  restoreCache: (o) => cache.restoreCache(o.paths, o.key, o.restoreKeys, { lookupOnly: o.lookupOnly }),
  cacheAvailable: () => cache.isFeatureAvailable(),
};
const results = [];
for (const operation of JSON.parse(core.getInput('operations', { required: true }))) {
  try {
    const value = await perform[operation.op](operation);
    results.push({ value: value === undefined ? null : value });
  } catch (error) {
    results.push({ error: { class: error?.constructor?.name ?? typeof error, name: error?.name ?? '', message: String(error?.message ?? error) } });
  }
}
core.setOutput('results', JSON.stringify(results));
`;
}
