// What a run's transcripts artifact is called and where people find it. GitHub refuses artifact names with
// `" : < > | * ? \ /` or line breaks; these names are letters, digits and `-` only, and say what they hold:
// the loop (issue, pull request, or the dispatch run without either) and how far it got.
import type { TranscriptsArtifact } from '../../core/model/schema-types.js';

export interface ArtifactNameParts {
  issue: number | null;
  pr: number | null;
  runId: string;
  runAttempt: string;
  /** Iterations the loop has run so far (0 when it only planned). */
  iterations: number;
}

/** Characters GitHub does not allow in an artifact name. */
const FORBIDDEN = /[":<>|*?\\/\r\n]/;

export function transcriptsArtifactName(parts: ArtifactNameParts): string {
  const loop = parts.issue !== null ? `issue-${parts.issue}` : parts.pr !== null ? `pr-${parts.pr}` : `run-${digits(parts.runId)}`;
  const reached = parts.iterations > 0 ? `iteration-${parts.iterations}` : 'plan';
  // A re-run of the same workflow run uploads into the same run: its attempt keeps the names apart.
  const attempt = digits(parts.runAttempt);
  const rerun = attempt !== '' && attempt !== '1' ? `-attempt-${attempt}` : '';
  return `codex-cto-${loop}-${reached}${rerun}`;
}

/** True when GitHub takes `name` as an artifact name. */
export function isValidArtifactName(name: string): boolean {
  return name.length > 0 && name.length <= 200 && !FORBIDDEN.test(name);
}

/** The artifact's page: `<server>/<owner>/<repo>/actions/runs/<run id>/artifacts/<artifact id>`. */
export function transcriptsUrl(repositoryUrl: string, artifact: Pick<TranscriptsArtifact, 'run_id' | 'artifact_id'>): string {
  return `${repositoryUrl}/actions/runs/${encodeURIComponent(artifact.run_id)}/artifacts/${artifact.artifact_id}`;
}

function digits(text: string): string {
  return text.replace(/[^0-9]/g, '').slice(0, 20);
}
