// A scripted OpenAI Responses API that drives the real `codex exec` offline.
//
// Wire facts seen with Codex 0.169.0 (beyond docs/AGENT-CLIS.md):
// - With a custom provider, `--disable plugins` and `-c analytics.enabled=false`, the only traffic is
//   `POST <base_url>/responses`, one per model turn: no websocket attempt, no `/models` fetch.
// - Headers: `authorization: Bearer <env_key value>`, `accept: text/event-stream`, `originator:
//   codex_exec`, `session-id` / `thread-id` / `x-client-request-id` (all the thread id),
//   `x-codex-turn-metadata` (JSON: sandbox, sandbox_mode, model, workspaces, ...).
// - Body keys: model, stream, input, tool_choice, parallel_tool_calls, reasoning, store (false),
//   include, prompt_cache_key (the thread id), text, client_metadata. No top-level `tools`: tools
//   arrive as `input[0] = {type:"additional_tools", role:"developer", tools:[namespaces...]}`. The
//   default model (`gpt-6.1-sol`) is "code mode only": it advertises a JavaScript `exec` custom tool
//   with `exec_command` nested inside, yet a plain `function_call` named `exec_command` is still run.
// - `--output-schema` becomes `text.format = {type:"json_schema", strict:true, schema, name:
//   "codex_output_schema"}` next to `text.verbosity`.
// - `exec_command` arguments are a JSON string `{"cmd": "<shell string>", "workdir"?: "<abs path>"}`;
//   the CLI runs `/bin/bash -lc <cmd>` in its sandbox and sends back, in the next request's input, the
//   `function_call` (with our ids) then `{type:"function_call_output", call_id, output}` where output
//   is text: `Chunk ID: ..\nWall time: ..\nProcess exited with code N\nOriginal token count: ..\n
//   Output:\n<stdout+stderr>`.
// - Each scripted turn adds exactly one model item to the history (a `function_call` or an assistant
//   `message`), so counting those gives the script index, also after `codex exec resume`.
// - `turn.completed.usage` sums the usage of every response in the turn.
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import {
  sendEvent,
  sendJson,
  startEventStream,
  startServer,
  type ReceivedRequest,
  type ScriptedServer,
  type SideRequest,
} from './sse.js';

export type { ScriptedServer, SideRequest } from './sse.js';

export type CodexTurn =
  /** An assistant message (for plan/review phases: the JSON reply). */
  | { message: string }
  /** A `function_call` to `exec_command`; an array is shell-quoted into one command line. */
  | { exec: { cmd: string[] | string; workdir?: string } }
  /** An HTTP error reply with OpenAI's error envelope. */
  | { status: number; error: string }
  /** Accept the request and never answer. */
  | { hang: true };

export type CodexScript = CodexTurn[] | ((ctx: { index: number; body: any }) => CodexTurn);

export interface CapturedOpenAIRequest {
  /** The script index this request was answered with (model turns already in the input). */
  index: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/** Usage reported per response; Codex sums it into `turn.completed.usage`. */
export const CODEX_TURN_USAGE = {
  input_tokens: 100,
  input_tokens_details: { cached_tokens: 10 },
  output_tokens: 20,
  output_tokens_details: { reasoning_tokens: 5 },
  total_tokens: 120,
} as const;

export async function startOpenAIServer(script: CodexScript): Promise<ScriptedServer<CapturedOpenAIRequest>> {
  const requests: CapturedOpenAIRequest[] = [];
  const sideRequests: SideRequest[] = [];
  let responses = 0;

  const side = (request: ReceivedRequest, res: ServerResponse, status: number, body: unknown): void => {
    sideRequests.push({ method: request.method, path: request.path, headers: request.headers, body: request.body, status });
    sendJson(res, status, body);
  };

  const server = await startServer((request, res) => {
    const body = request.body as any;
    const isResponses = request.pathname.endsWith('/responses');
    // A websocket upgrade attempt or a model-list fetch: 404 makes Codex fall back to plain HTTP and
    // to the model metadata bundled in the binary.
    if (!isResponses || request.method !== 'POST' || !body) {
      return side(request, res, 404, errorEnvelope(404, `no fake route for ${request.method} ${request.path}`));
    }
    responses += 1;
    const index = countModelTurns(body);
    requests.push({ index, path: request.path, headers: request.headers, body });
    const turn = pickTurn(script, index, body);
    if ('hang' in turn) return;
    if ('status' in turn) return sendJson(res, turn.status, errorEnvelope(turn.status, turn.error));
    streamResponse(res, `resp_fake_${responses}`, String(body.model ?? 'gpt-5.5'), index, turn);
  });

  return { url: server.url, requests, sideRequests, close: server.close };
}

function pickTurn(script: CodexScript, index: number, body: unknown): CodexTurn {
  try {
    const turn = typeof script === 'function' ? script({ index, body }) : script[index];
    return turn ?? { status: 500, error: `fake script has no turn ${index}` };
  } catch (error) {
    return { status: 500, error: `fake script failed at turn ${index}: ${String(error)}` };
  }
}

/** Model-produced items already in the input: how many script turns were answered before. */
export function countModelTurns(body: any): number {
  const input: any[] = Array.isArray(body?.input) ? body.input : [];
  return input.filter(
    (item) =>
      item?.type === 'function_call' ||
      item?.type === 'custom_tool_call' ||
      item?.type === 'local_shell_call' ||
      (item?.type === 'message' && item?.role === 'assistant'),
  ).length;
}

/** The `function_call_output` items in a captured request, by call id. */
export function functionCallOutputs(body: any): { callId: string; output: string }[] {
  const input: any[] = Array.isArray(body?.input) ? body.input : [];
  return input
    .filter((item) => item?.type === 'function_call_output')
    .map((item) => ({ callId: String(item.call_id), output: typeof item.output === 'string' ? item.output : JSON.stringify(item.output) }));
}

function streamResponse(res: ServerResponse, id: string, model: string, index: number, turn: { message: string } | { exec: { cmd: string[] | string; workdir?: string } }): void {
  const shell = { id, object: 'response', created_at: 0, model };
  startEventStream(res);
  sendEvent(res, 'response.created', { response: { ...shell, status: 'in_progress', output: [] } });
  let item: Record<string, unknown>;
  if ('message' in turn) {
    item = { type: 'message', id: `msg_fake_${index}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: turn.message, annotations: [] }] };
    const ids = { output_index: 0, item_id: item.id, content_index: 0 };
    sendEvent(res, 'response.output_item.added', { output_index: 0, item: { ...item, status: 'in_progress', content: [] } });
    sendEvent(res, 'response.content_part.added', { ...ids, part: { type: 'output_text', text: '', annotations: [] } });
    sendEvent(res, 'response.output_text.delta', { ...ids, delta: turn.message });
    sendEvent(res, 'response.output_text.done', { ...ids, text: turn.message });
    sendEvent(res, 'response.content_part.done', { ...ids, part: { type: 'output_text', text: turn.message, annotations: [] } });
  } else {
    const cmd = Array.isArray(turn.exec.cmd) ? turn.exec.cmd.map(shellQuote).join(' ') : turn.exec.cmd;
    const args = JSON.stringify(turn.exec.workdir === undefined ? { cmd } : { cmd, workdir: turn.exec.workdir });
    item = { type: 'function_call', id: `fc_fake_${index}`, call_id: `call_fake_${index}`, name: 'exec_command', arguments: args, status: 'completed' };
    sendEvent(res, 'response.output_item.added', { output_index: 0, item: { ...item, arguments: '', status: 'in_progress' } });
    sendEvent(res, 'response.function_call_arguments.delta', { output_index: 0, item_id: item.id, delta: args });
    sendEvent(res, 'response.function_call_arguments.done', { output_index: 0, item_id: item.id, arguments: args });
  }
  sendEvent(res, 'response.output_item.done', { output_index: 0, item });
  sendEvent(res, 'response.completed', { response: { ...shell, status: 'completed', output: [item], usage: CODEX_TURN_USAGE } });
  res.end();
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}

function errorEnvelope(status: number, message: string): Record<string, unknown> {
  const type = status === 401 ? 'invalid_api_key' : status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  return { error: { message, type, code: type, param: null } };
}
