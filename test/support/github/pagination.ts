// GitHub's page-based pagination: `per_page` (default 30, at most 100) and `page` (from 1), with a
// `Link` header naming the next, last, first and prev pages. Pure.

export interface Page<T> {
  items: T[];
  /** The `Link` header value, or null when everything fits on one page. */
  link: string | null;
}

export const DEFAULT_PER_PAGE = 30;
export const MAX_PER_PAGE = 100;

/**
 * One page of `items` as asked by `query`. `selfUrl` is the absolute URL of the request (without
 * query); the links keep every other query parameter as sent.
 */
export function paginate<T>(items: readonly T[], query: URLSearchParams, selfUrl: string): Page<T> {
  const perPage = clamp(parseInt(query.get('per_page') ?? '', 10) || DEFAULT_PER_PAGE, 1, MAX_PER_PAGE);
  const page = Math.max(1, parseInt(query.get('page') ?? '', 10) || 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (lastPage === 1 && page === 1) return { items: slice, link: null };
  const links: string[] = [];
  const to = (target: number, rel: string): string => `<${pageUrl(selfUrl, query, target)}>; rel="${rel}"`;
  if (page > 1) links.push(to(Math.min(page - 1, lastPage), 'prev'));
  if (page < lastPage) links.push(to(page + 1, 'next'));
  if (page < lastPage) links.push(to(lastPage, 'last'));
  if (page > 1) links.push(to(1, 'first'));
  return { items: slice, link: links.join(', ') };
}

function pageUrl(selfUrl: string, query: URLSearchParams, page: number): string {
  const params = new URLSearchParams(query);
  params.set('page', String(page));
  return `${selfUrl}?${params.toString()}`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Parses a `Link` header into rel -> URL (for tests and for the harness). */
export function parseLinkHeader(header: string | null | undefined): Record<string, string> {
  const links: Record<string, string> = {};
  if (!header) return links;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="([^"]+)"/.exec(part.trim());
    if (match) links[match[2] as string] = match[1] as string;
  }
  return links;
}
