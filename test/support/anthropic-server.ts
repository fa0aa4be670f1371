// A scripted Anthropic Messages API that drives the real `claude -p` offline.
//
// Wire facts seen with Claude Code 2.1.330 (beyond docs/AGENT-CLIS.md):
// - With CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 the only traffic is `POST /v1/messages?beta=true`
//   (stream:true), one per model turn: no title/topic generation, no token counting, no HEAD probe.
// - Headers: `x-api-key`, `anthropic-version: 2023-06-01`, `anthropic-beta: claude-code-...`,
//   `x-claude-code-session-id: <session_id>`, `user-agent: claude-cli/<version> (external, sdk-cli)`.
// - Body keys: model, messages, system, tools, metadata, max_tokens, thinking, context_management,
//   output_config, stream. The default model is sent as a full name (e.g. `claude-opus-5-5`) with
//   max_tokens 128000 and `thinking: {type:"adaptive"}`.
// - `messages` holds a `role:"system"` entry carrying `# Environment ... Primary working directory:
//   <cwd>`; `body.system[0]` is an `x-anthropic-billing-header` text block. The prompt is the last
//   text block of the first user message, after `<system-reminder>` blocks (git status, attribution).
// - A reply's text and tool_use blocks come back as ONE assistant message; tool results come back as
//   a user message of `{type:"tool_result", tool_use_id, content}` blocks.
// - The CLI computes total_cost_usd itself from the reported usage: input 100 / output 20 costs
//   0.0008 on the default model, 0.0006 with `--model claude-sonnet-4-5`; an unknown model name is
//   priced like the default and logs `[claude-code:unrecognized_model]` on stderr. Any non-zero
//   usage therefore gives a non-zero cost. `sonnet` is sent as `claude-sonnet-5-5`.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import {
  fillCwd,
  sendEvent,
  sendJson,
  startEventStream,
  startServer,
  stringsIn,
  type ReceivedRequest,
  type ScriptedServer,
  type SideRequest,
} from './sse.js';

export type { ScriptedServer, SideRequest } from './sse.js';

export type ClaudeTurn =
  /** Final answer; stop_reason end_turn. `holdMs`: the reply starts that long after the request (a slow model). */
  | { text: string; holdMs?: number }
  /** tool_use blocks (after an optional text block); stop_reason tool_use. String inputs may use `{{cwd}}`. */
  | { tools: { name: string; input: Record<string, unknown> }[]; text?: string; holdMs?: number }
  /** An HTTP error reply with Anthropic's error envelope. */
  | { status: number; error: string }
  /** Accept the request and never answer. */
  | { hang: true };

export type ClaudeScript = ClaudeTurn[] | ((ctx: { index: number; body: any }) => ClaudeTurn);

export interface CapturedAnthropicRequest {
  /** The script index this request was answered with (assistant turns already in the history). */
  index: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
  /** The working directory Claude Code reported, or null when the request did not say. */
  cwd: string | null;
}

/** Usage reported per reply; enough for the CLI to compute a non-zero cost. */
export const CLAUDE_TURN_USAGE = { input_tokens: 100, output_tokens: 20 } as const;

export async function startAnthropicServer(script: ClaudeScript): Promise<ScriptedServer<CapturedAnthropicRequest>> {
  const requests: CapturedAnthropicRequest[] = [];
  const sideRequests: SideRequest[] = [];
  let replies = 0;

  const side = (request: ReceivedRequest, res: ServerResponse, status: number, body: unknown): void => {
    sideRequests.push({ method: request.method, path: request.path, headers: request.headers, body: request.body, status });
    if (request.method === 'HEAD') {
      res.writeHead(status);
      res.end();
    } else {
      sendJson(res, status, body);
    }
  };

  const server = await startServer((request, res) => {
    const body = request.body as any;
    if (request.pathname === '/api/hello') return side(request, res, 200, {});
    if (request.method === 'POST' && request.pathname === '/v1/messages/count_tokens') {
      return side(request, res, 200, { input_tokens: CLAUDE_TURN_USAGE.input_tokens });
    }
    if (request.method !== 'POST' || request.pathname !== '/v1/messages' || !body) {
      return side(request, res, 404, errorEnvelope(404, `no fake route for ${request.method} ${request.path}`));
    }
    replies += 1;
    const messageId = `msg_fake_${replies}`;
    if (body.stream !== true) {
      // Not part of an agent turn (title or classifier calls in other modes): a short canned answer.
      return side(request, res, 200, { ...messageShell(messageId, body.model), content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: CLAUDE_TURN_USAGE });
    }

    const index = countAssistantTurns(body);
    const cwd = findCwd(body);
    requests.push({ index, path: request.path, headers: request.headers, body, cwd });
    const turn = pickTurn(script, index, body);
    if ('hang' in turn) return;
    if ('status' in turn) return sendJson(res, turn.status, errorEnvelope(turn.status, turn.error));
    const reply = (): void => streamMessage(res, messageId, String(body.model ?? 'claude-sonnet-4-5'), index, fillCwd(turn, cwd));
    if (turn.holdMs !== undefined && turn.holdMs > 0) setTimeout(reply, turn.holdMs);
    else reply();
  });

  return { url: server.url, requests, sideRequests, close: server.close };
}

function pickTurn(script: ClaudeScript, index: number, body: unknown): ClaudeTurn {
  try {
    const turn = typeof script === 'function' ? script({ index, body }) : script[index];
    return turn ?? { status: 500, error: `fake script has no turn ${index}` };
  } catch (error) {
    return { status: 500, error: `fake script failed at turn ${index}: ${String(error)}` };
  }
}

/** Assistant messages already in the history: how many script turns were answered before. */
export function countAssistantTurns(body: any): number {
  const messages: any[] = Array.isArray(body?.messages) ? body.messages : [];
  return messages.filter((m) => m?.role === 'assistant').length;
}

function findCwd(body: any): string | null {
  for (const text of stringsIn([body?.system, body?.messages])) {
    const match = /Primary working directory: (.+)$/m.exec(text);
    if (match?.[1]) return match[1].trim();
  }
  return null;
}

function streamMessage(res: ServerResponse, id: string, model: string, index: number, turn: { text: string } | { tools: { name: string; input: Record<string, unknown> }[]; text?: string }): void {
  startEventStream(res);
  sendEvent(res, 'message_start', {
    message: { ...messageShell(id, model), content: [], stop_reason: null, usage: { ...CLAUDE_TURN_USAGE, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 } },
  });
  let block = 0;
  if (turn.text !== undefined) {
    sendEvent(res, 'content_block_start', { index: block, content_block: { type: 'text', text: '' } });
    sendEvent(res, 'content_block_delta', { index: block, delta: { type: 'text_delta', text: turn.text } });
    sendEvent(res, 'content_block_stop', { index: block });
    block += 1;
  }
  const tools = 'tools' in turn ? turn.tools : [];
  tools.forEach((tool, i) => {
    const json = JSON.stringify(tool.input);
    const half = Math.floor(json.length / 2);
    sendEvent(res, 'content_block_start', { index: block, content_block: { type: 'tool_use', id: `toolu_fake_${index}_${i}`, name: tool.name, input: {} } });
    // Two fragments, as the real API streams partial JSON.
    sendEvent(res, 'content_block_delta', { index: block, delta: { type: 'input_json_delta', partial_json: json.slice(0, half) } });
    sendEvent(res, 'content_block_delta', { index: block, delta: { type: 'input_json_delta', partial_json: json.slice(half) } });
    sendEvent(res, 'content_block_stop', { index: block });
    block += 1;
  });
  sendEvent(res, 'message_delta', {
    delta: { stop_reason: tools.length > 0 ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: CLAUDE_TURN_USAGE.output_tokens },
  });
  sendEvent(res, 'message_stop', {});
  res.end();
}

function messageShell(id: string, model: string): Record<string, unknown> {
  return { id, type: 'message', role: 'assistant', model, stop_sequence: null };
}

function errorEnvelope(status: number, message: string): Record<string, unknown> {
  const type =
    status === 400 ? 'invalid_request_error'
    : status === 401 ? 'authentication_error'
    : status === 403 ? 'permission_error'
    : status === 404 ? 'not_found_error'
    : status === 429 ? 'rate_limit_error'
    : status === 529 ? 'overloaded_error'
    : 'api_error';
  return { type: 'error', error: { type, message } };
}
