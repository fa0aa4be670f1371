// A loop's memory across workflow runs. At the end of a run its transcripts go up as one workflow artifact
// (uploads on); at the start of a later run Claude Code's session comes back from the artifact the tracking
// comment names, so `--resume` goes on with the same conversation. When it cannot come back (uploads were
// off, the artifact expired or is damaged, the service refused), Claude starts a fresh session, whose prompt
// carries the plan, the reviewer's findings and any feedback: the loop never depends on the artifact.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrackingState, TranscriptsArtifact } from '../../core/model/schema-types.js';
import { describeError } from '../../core/model/errors.js';
import { CLAUDE_SESSION_ID, MAX_SESSION_BYTES, type ReadSession } from '../../workspace/claude-sessions.js';
import type { RunnerContext } from '../event/runner-context.js';
import type { SessionCarry } from '../../render/view.js';
import { transcriptsArtifactName } from './artifact-name.js';
import { downloadArtifactZip, uploadArtifactFiles } from './artifact-client.js';
import { isSessionTranscript, SESSION_ENTRY, storedTranscripts } from './contents.js';
import { readZipEntries } from './zip-reader.js';

export interface TranscriptsScope {
  uploadArtifacts: boolean;
  githubToken: string;
  runner: Pick<RunnerContext, 'repo' | 'runId' | 'runAttempt' | 'runnerTemp' | 'artifactService'>;
  redact: (text: string) => string;
  log: (message: string) => void;
  /** Non-fatal trouble (an upload that failed): shown on the run page, never fails the loop. */
  warn: (message: string) => void;
}


/** The agents' side of carrying a session: read it for the upload, put it back for the resume. */
export interface SessionKeeper {
  claudeSession(id: string): Promise<ReadSession>;
  restoreClaudeSession(id: string, text: string): Promise<void>;
}

/** A zip this large holds more than one run's transcripts ever should. */
const MAX_ZIP_BYTES = 64 * 1024 * 1024;

/** Brings the loop's session back from the earlier run's artifact; null when the loop has no session yet. */
export async function restoreSession(scope: TranscriptsScope, keeper: SessionKeeper, sessionId: string | null, earlier: TranscriptsArtifact | null): Promise<SessionCarry | null> {
  if (sessionId === null) return null;
  const carry = await bringBack(scope, keeper, sessionId, earlier);
  scope.log(carry.kind === 'resumed'
    ? `codex-cto: Claude Code resumes session ${sessionId} from the artifact ${earlier?.name ?? ''} of run ${carry.runId}.`
    : `codex-cto: Claude Code starts a fresh session: ${carry.reason}; its prompt carries the plan, the reviewer's findings and any feedback.`);
  return carry;
}

async function bringBack(scope: TranscriptsScope, keeper: SessionKeeper, sessionId: string, earlier: TranscriptsArtifact | null): Promise<SessionCarry> {
  if (!CLAUDE_SESSION_ID.test(sessionId)) return { kind: 'fresh', reason: 'the saved session id is not one Claude Code makes' };
  if (earlier === null) return { kind: 'fresh', reason: 'no earlier run uploaded its transcripts (uploads off, or the upload failed)' };
  if (!/^[0-9]{1,20}$/.test(earlier.run_id) || !Number.isSafeInteger(earlier.artifact_id) || earlier.artifact_id < 1) {
    return { kind: 'fresh', reason: 'the tracking comment names no artifact codex-cto could have uploaded' };
  }
  const from = `the artifact of run ${earlier.run_id}`;
  try {
    const zip = await downloadArtifactZip(scope.runner.repo, scope.githubToken, { runId: earlier.run_id, artifactId: earlier.artifact_id, digest: earlier.digest }, scope.runner.runnerTemp, MAX_ZIP_BYTES);
    const entry = readZipEntries(zip, (name) => name === SESSION_ENTRY, { maxEntries: 1000, maxEntryBytes: MAX_SESSION_BYTES }).get(SESSION_ENTRY);
    const text = entry?.toString('utf8') ?? '';
    if (!isSessionTranscript(text, sessionId)) return { kind: 'fresh', reason: `${from} holds no transcript of session ${sessionId}` };
    await keeper.restoreClaudeSession(sessionId, text);
    return { kind: 'resumed', runId: earlier.run_id };
  } catch (error) {
    return { kind: 'fresh', reason: `${from} could not be used (${scope.redact(describeError(error)).slice(0, 300)})` };
  }
}

export interface RunTranscripts {
  /** The folder the loop's artifact store wrote this run's files into. */
  storeDir: string;
  tracking: TrackingState;
}

/** Uploads this run's transcripts; the artifact, or null when nothing went up (uploads off, no service, a failure). */
export async function uploadTranscripts(scope: TranscriptsScope, keeper: SessionKeeper, run: RunTranscripts): Promise<TranscriptsArtifact | null> {
  if (!scope.uploadArtifacts) {
    scope.log('codex-cto: upload-artifacts is off: this run uploads no transcripts, and a later run starts Claude Code afresh.');
    return null;
  }
  if (!scope.runner.artifactService) {
    scope.log('codex-cto: the runner offers this step no artifact service (ACTIONS_RUNTIME_TOKEN, ACTIONS_RESULTS_URL): no transcripts uploaded.');
    return null;
  }
  const staging = await mkdtemp(join(scope.runner.runnerTemp, 'codex-cto-transcripts-'));
  try {
    const files = await collect(scope, keeper, run);
    if (files.size === 0) {
      scope.log('codex-cto: this run left no transcripts to upload.');
      return null;
    }
    for (const [name, text] of files) await writeFile(join(staging, name), text, { mode: 0o600 });
    const { loop, issue, pr } = run.tracking;
    const name = transcriptsArtifactName({ issue, pr, runId: scope.runner.runId, runAttempt: scope.runner.runAttempt, iterations: loop.iterations.length });
    const uploaded = await uploadArtifactFiles(name, staging, [...files.keys()]);
    scope.log(`codex-cto: uploaded the transcripts as artifact ${name} (${[...files.keys()].join(', ')}).`);
    return { run_id: scope.runner.runId, artifact_id: uploaded.id, name, digest: uploaded.digest };
  } catch (error) {
    scope.warn(`codex-cto could not upload this run's transcripts (the loop itself is unaffected): ${scope.redact(describeError(error))}`);
    return null;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function collect(scope: TranscriptsScope, keeper: SessionKeeper, run: RunTranscripts): Promise<Map<string, string>> {
  const stored = await storedTranscripts(run.storeDir, scope.redact);
  for (const note of stored.skipped) scope.log(`codex-cto: left out of the transcripts: ${note}`);
  const sessionId = run.tracking.loop.session_id;
  if (sessionId === null || !CLAUDE_SESSION_ID.test(sessionId)) return stored.files;
  const session = await keeper.claudeSession(sessionId);
  if (session.kind === 'read') stored.files.set(SESSION_ENTRY, scope.redact(session.text));
  else scope.log(`codex-cto: Claude Code's session ${sessionId} is not in the transcripts (${session.kind === 'missing' ? 'not on this runner' : `larger than ${MAX_SESSION_BYTES} bytes`}).`);
  return stored.files;
}
