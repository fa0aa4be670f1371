// A model endpoint or gateway that cannot be reached (a closed port): the key proxy fails every request at
// once, gives the endpoint up after a few connection failures and ends the agent's step, so no step waits on
// the CLIs' own retries, and the failure is reported as what it is, with the endpoint named. (Codex's
// sandbox that cannot start is in failures-agents-codex.test.ts.)
import { beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { useActionWorld } from '../support/action-world.js';
import { codexConfigOverrides } from '../support/agent-home.js';
import { expectVisibleFailure, runLabelled, type FailureRun } from '../support/failure-checks.js';
import { codexApprovesFirst, CLAUDE_ONE_ITERATION } from '../support/failure-runs.js';

/** A loopback port nobody listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('when a model endpoint cannot be reached', () => {
  const world = useActionWorld({ codex: codexApprovesFirst(), claude: CLAUDE_ONE_ITERATION });
  let claudeDown: FailureRun;
  let codexDown: FailureRun;
  let port: number;

  beforeAll(async () => {
    port = await closedPort();
    // Claude Code with its own retry policy (the world otherwise turns retries off): the proxy must still
    // end the step within seconds.
    claudeDown = await runLabelled(world, { inputs: { 'anthropic-base-url': `http://127.0.0.1:${port}` }, env: { CLAUDE_CODE_MAX_RETRIES: '' } });
    const gateway = codexConfigOverrides(`http://127.0.0.1:${port}`, 'CODEX_API_KEY').join('\n');
    codexDown = await runLabelled(world, { inputs: { 'codex-config': gateway } });
  }, 300_000);

  it("reports Claude Code's unreachable endpoint as that, naming it", () => {
    expectVisibleFailure(world, claudeDown, {
      headline: /Failed/,
      error: [/A model endpoint could not be reached/, new RegExp(`Claude Code's model endpoint could not be reached: codex-cto could not reach the model endpoint http://127\\.0\\.0\\.1:${port}`)],
      hint: /anthropic-base-url/,
    });
    expect(claudeDown.run.errors.join('\n')).not.toMatch(/GitHub answered/);
  });

  it("reports Codex's unreachable gateway as that, before any plan", () => {
    expectVisibleFailure(world, codexDown, {
      headline: /Failed/,
      error: [/A model endpoint could not be reached/, new RegExp(`Codex's model endpoint could not be reached: .*http://127\\.0\\.0\\.1:${port}`)],
      hint: /codex-config/,
    });
  });
});
