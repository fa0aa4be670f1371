// The repository's config file for this run: read once, from the base branch through the API (never from the
// pull request's head or the checkout, which a pull request or an agent can change), and laid over the
// inputs. A file with problems does not stop the run here: the flow reports it once its tracking comment is
// out (requireValidConfig), so that the failure is seen where the work would have been.
import { CONFIG_FILE, parseRepoConfig, type LoadedConfig } from '../../core/model/repo-config.js';
import { CtoError } from '../../core/model/errors.js';
import type { Api, RepoRef } from '../github/client.js';
import { readConfigText } from '../github/repo-config-file.js';
import type { ResolvedSettings, Settings } from '../settings/settings.js';
import type { Trigger } from '../event/trigger.js';
import type { Pulls } from '../github/pulls.js';

export interface RunConfig {
  /** The branch the file was read from. */
  ref: string;
  /** The file, or null when the branch has none (or it has problems). */
  loaded: LoadedConfig | null;
  /** What is wrong with the file, thrown by requireValidConfig; null when nothing is. */
  problem: CtoError | null;
  /** The settings with the file laid over the inputs, and where each came from. */
  resolved: ResolvedSettings;
}

export interface RunConfigInput {
  api: Api;
  repo: RepoRef;
  pulls: Pulls;
  /** The trigger as first parsed: a dispatch names its base, a command on a pull request has the PR's base. */
  trigger: Exclude<Trigger, { kind: 'ignored' }>;
  /** `base-branch`, else the repository's default branch. */
  baseBranch: string;
  /** The inputs alone, used when the file has problems. */
  inputsOnly: Settings;
  resolve: (config: LoadedConfig | null) => ResolvedSettings;
  log: (message: string) => void;
}

export async function readRunConfig(input: RunConfigInput): Promise<RunConfig> {
  const ref = await configRef(input);
  const text = await readConfigText(input.api, input.repo, ref);
  const fallback: ResolvedSettings = { settings: input.inputsOnly, origins: new Map(), config: null };
  if (text === null) {
    input.log(`codex-cto: no ${CONFIG_FILE} on ${ref}; the inputs and the defaults apply.`);
    return { ref, loaded: null, problem: null, resolved: input.resolve(null) };
  }
  const load = parseRepoConfig(text, `${CONFIG_FILE} on ${ref}`);
  if (!load.ok) {
    const heading = load.problems.length === 1 ? 'one problem' : `${load.problems.length} problems`;
    const problem = new CtoError('config', `codex-cto cannot start: ${heading} with the repository's config file:\n${load.problems.map((p) => `- ${p}`).join('\n')}`,
      `Fix \`${CONFIG_FILE}\` on the base branch \`${ref}\`.`);
    return { ref, loaded: null, problem, resolved: fallback };
  }
  input.log(`codex-cto: read ${CONFIG_FILE} on ${ref}.`);
  try {
    return { ref, loaded: load.loaded, problem: null, resolved: input.resolve(load.loaded) };
  } catch (error) {
    // The inputs alone parsed already: whatever is refused now is a value of the file.
    if (error instanceof CtoError) return { ref, loaded: load.loaded, problem: error, resolved: fallback };
    throw error;
  }
}

/** Throws the config file's problem, if it has one; flows call it once their tracking comment is out. */
export function requireValidConfig(config: RunConfig): void {
  if (config.problem !== null) throw config.problem;
}

/** The base branch of the work: a dispatch's `base`, a pull request's base for a command on one, else the run's. */
async function configRef(input: RunConfigInput): Promise<string> {
  const { trigger } = input;
  if (trigger.kind === 'dispatch' && trigger.base !== null) return trigger.base;
  if (trigger.kind === 'command' && trigger.target.pullRequest !== null) return (await input.pulls.get(trigger.target.number)).baseRef;
  return input.baseBranch;
}
