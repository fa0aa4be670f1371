// Matches a request (method + path) to an operation of the REST description. Pure.

export interface RouteTemplate {
  method: string;
  /** The OpenAPI path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}`. */
  template: string;
  segments: string[];
  /** Number of literal segments; a more literal template wins over one with parameters. */
  literals: number;
  /** The last segment is a parameter that may span slashes (`x-multi-segment`, e.g. a git ref `heads/a/b`). */
  greedyTail: boolean;
}

export interface RouteMatch {
  method: string;
  template: string;
  params: Record<string, string>;
}

/** `multiSegment` tells whether a path parameter of an operation is declared `x-multi-segment`. */
export function buildRouteIndex(
  paths: Record<string, Record<string, unknown>>,
  multiSegment: (template: string, method: string, name: string) => boolean = () => false,
): RouteTemplate[] {
  const index: RouteTemplate[] = [];
  for (const [template, item] of Object.entries(paths)) {
    const segments = template.split('/').slice(1);
    const literals = segments.filter((segment) => !isParameter(segment)).length;
    const last = segments.at(-1) ?? '';
    for (const method of Object.keys(item)) {
      if (!HTTP_METHODS.has(method)) continue;
      const greedyTail = isParameter(last) && multiSegment(template, method, last.slice(1, -1));
      index.push({ method: method.toUpperCase(), template, segments, literals, greedyTail });
    }
  }
  return index;
}

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

function isParameter(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

/**
 * The best template for `path` (already stripped of the API prefix and query). Path parameters
 * are percent-decoded, so a label named `needs review` arrives as written.
 */
export function matchRoute(index: readonly RouteTemplate[], method: string, path: string): RouteMatch | null {
  const parts = path.split('/').slice(1);
  let best: { route: RouteTemplate; params: Record<string, string> } | null = null;
  for (const route of index) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    if (best && best.route.literals >= route.literals) continue;
    const params = matchSegments(route.segments, parts);
    if (params) best = { route, params };
  }
  // GitHub also takes a multi-segment parameter with its slashes unescaped (`git/ref/heads/a/b`).
  for (const route of best ? [] : index) {
    if (route.method !== method || !route.greedyTail || parts.length <= route.segments.length) continue;
    if (best && best.route.literals >= route.literals) continue;
    const fixed = route.segments.length - 1;
    const params = matchSegments(route.segments, [...parts.slice(0, fixed), parts.slice(fixed).join('/')]);
    if (params) best = { route, params };
  }
  return best ? { method, template: best.route.template, params: best.params } : null;
}

function matchSegments(segments: readonly string[], parts: readonly string[]): Record<string, string> | null {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    const part = parts[i] as string;
    if (isParameter(segment)) {
      if (part === '') return null;
      params[segment.slice(1, -1)] = safeDecode(part);
    } else if (segment !== part) {
      return null;
    }
  }
  return params;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
