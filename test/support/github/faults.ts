// Failure injection and request hooks, for tests of retries, rate limits and a world that
// changes under the code being tested (a PR closed, a label removed, an issue locked mid-run).

export interface FaultSpec {
  method: string;
  /** OpenAPI path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}/comments`, or `/graphql`. */
  route: string;
  /** How many matching requests fail before the route behaves again (default 1). */
  times?: number;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A body Octokit's throttling plugin recognises as a secondary rate limit (with `retry-after`). */
export const SECONDARY_RATE_LIMIT_BODY = {
  message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
};

export interface HookEvent {
  method: string;
  path: string;
  /** The matched OpenAPI template (`/graphql` for GraphQL), or null for an unknown route. */
  route: string | null;
  /** Set for `after` hooks: the status that is about to be sent. */
  status?: number;
  /** The request body as received. */
  body: unknown;
}

export interface HookSpec {
  method?: string;
  route?: string;
  /** `before`: runs before the handler (the request then sees the change); `after`: once it has run. */
  when?: 'before' | 'after';
  /** Runs at most this many times (default: every matching request). */
  times?: number;
  run: (event: HookEvent) => void | Promise<void>;
}

interface ArmedFault extends FaultSpec {
  remaining: number;
}

interface ArmedHook extends HookSpec {
  remaining: number;
}

export class FaultPlan {
  private readonly faults: ArmedFault[] = [];
  private readonly hooks: ArmedHook[] = [];

  inject(spec: FaultSpec): void {
    this.faults.push({ ...spec, method: spec.method.toUpperCase(), remaining: spec.times ?? 1 });
  }

  /** The fault to apply to this request, consuming one of its `times`. */
  take(method: string, route: string | null): FaultSpec | null {
    const fault = this.faults.find((f) => f.remaining > 0 && f.method === method && f.route === route);
    if (!fault) return null;
    fault.remaining--;
    return fault;
  }

  /** Faults not yet consumed (a test can assert its injected failures were all hit). */
  pending(): FaultSpec[] {
    return this.faults.filter((f) => f.remaining > 0).map(({ remaining, ...spec }) => ({ ...spec, times: remaining }));
  }

  on(spec: HookSpec): () => void {
    const hook: ArmedHook = { ...spec, remaining: spec.times ?? Number.POSITIVE_INFINITY };
    this.hooks.push(hook);
    return () => {
      hook.remaining = 0;
    };
  }

  async runHooks(when: 'before' | 'after', event: HookEvent): Promise<void> {
    for (const hook of this.hooks) {
      if (hook.remaining <= 0 || (hook.when ?? 'before') !== when) continue;
      if (hook.method && hook.method.toUpperCase() !== event.method) continue;
      if (hook.route && hook.route !== event.route) continue;
      hook.remaining--;
      await hook.run(event);
    }
  }
}
