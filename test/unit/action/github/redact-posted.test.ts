// Everything the action posts passes one redaction step, the hidden state marker included (decoded,
// redacted, re-encoded, still valid), and nothing else about the request changes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApi } from '../../../../src/action/github/client.js';
import { createRedactor } from '../../../../src/safety/redact.js';
import { readMarker, redactAroundMarkers, renderMarker } from '../../../../src/action/tracking/state-marker.js';
import { trackingState } from '../../../support/render-fixtures.js';

const TOKEN = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
const BOT = { login: 'github-actions[bot]', type: 'Bot' };

describe('redactAroundMarkers', () => {
  const redact = createRedactor([]);

  it('redacts the visible text and the state inside the marker, keeping the marker valid', () => {
    const state = trackingState({ objective: `use ${TOKEN} please` });
    const body = `Status: leaked ${TOKEN}\n\n${renderMarker(state)}`;
    const posted = redactAroundMarkers(body, redact);
    expect(posted).not.toContain(TOKEN);
    const read = readMarker(posted, BOT, BOT.login);
    expect(read.ok).toBe(true);
    if (read.ok) expect(read.state.loop.objective).not.toContain(TOKEN);
  });

  it('leaves a marker without secrets byte for byte as it was', () => {
    const body = `Fine.\n\n${renderMarker(trackingState())}`;
    expect(redactAroundMarkers(body, redact)).toBe(body);
  });
});

describe('the API client', () => {
  let server: Server;
  let url: string;
  const bodies: unknown[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let text = '';
      req.on('data', (chunk) => (text += chunk));
      req.on('end', () => {
        bodies.push(JSON.parse(text || 'null'));
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 1 }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('redacts comment bodies, titles and check run output before they leave', async () => {
    const api = createApi({ token: 'x', baseUrl: url, redact: createRedactor(['configured-secret-value']) });
    await api.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 1, body: `a ${TOKEN} and configured-secret-value` });
    await api.rest.checks.create({ owner: 'o', repo: 'r', name: 'n', head_sha: 'a'.repeat(40), output: { title: TOKEN, summary: `s ${TOKEN}`, text: 't' } });
    const sent = JSON.stringify(bodies);
    expect(sent).not.toContain(TOKEN);
    expect(sent).not.toContain('configured-secret-value');
    expect(sent).toContain('"name":"n"');
  });

  it('redacts the body a GraphQL mutation carries, and leaves its other variables alone', async () => {
    bodies.length = 0;
    const api = createApi({ token: 'x', baseUrl: url, redact: createRedactor(['configured-secret-value']) });
    const mutation = 'mutation($id: ID!, $body: String!) { updateIssueComment(input: { id: $id, body: $body }) { clientMutationId } }';
    await api.graphql(mutation, { id: 'IC_node', body: `a ${TOKEN} and configured-secret-value` }).catch(() => undefined);
    const [sent] = bodies as { query: string; variables: { id: string; body: string } }[];
    expect(sent?.variables.id).toBe('IC_node');
    expect(sent?.variables.body).toBe('a *** and ***');
    expect(sent?.query).toBe(mutation);
  });
});
