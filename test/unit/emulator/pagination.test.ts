// GitHub's page-based pagination and Link headers, as the emulator serves them.
import { describe, expect, it } from 'vitest';
import { paginate, parseLinkHeader } from '../../support/github/pagination.js';

const items = Array.from({ length: 45 }, (_, i) => i + 1);
const self = 'http://127.0.0.1:1/api/v3/repos/o/r/issues/1/comments';

describe('paginate', () => {
  it('serves 30 per page by default with next and last links', () => {
    const page = paginate(items, new URLSearchParams(), self);
    expect(page.items).toEqual(items.slice(0, 30));
    expect(parseLinkHeader(page.link)).toEqual({ next: `${self}?page=2`, last: `${self}?page=2` });
  });

  it('keeps the other query parameters and adds prev and first after page 1', () => {
    const page = paginate(items, new URLSearchParams({ per_page: '10', page: '3', since: 'x' }), self);
    expect(page.items).toEqual([21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
    expect(parseLinkHeader(page.link)).toEqual({
      prev: `${self}?per_page=10&page=2&since=x`,
      next: `${self}?per_page=10&page=4&since=x`,
      last: `${self}?per_page=10&page=5&since=x`,
      first: `${self}?per_page=10&page=1&since=x`,
    });
  });

  it('has no Link header when one page holds everything, and caps per_page at 100', () => {
    expect(paginate(items, new URLSearchParams({ per_page: '100' }), self)).toEqual({ items, link: null });
    expect(paginate(Array.from({ length: 150 }, (_, i) => i), new URLSearchParams({ per_page: '500' }), self).items).toHaveLength(100);
  });

  it('answers an empty page past the end, linking back', () => {
    const page = paginate(items, new URLSearchParams({ page: '9' }), self);
    expect(page.items).toEqual([]);
    expect(parseLinkHeader(page.link)).toEqual({ prev: `${self}?page=2`, first: `${self}?page=1` });
  });
});

describe('parseLinkHeader', () => {
  it('ignores junk and reads rel names', () => {
    expect(parseLinkHeader('<a>; rel="next", junk, <b>; rel="last"')).toEqual({ next: 'a', last: 'b' });
    expect(parseLinkHeader(undefined)).toEqual({});
  });
});
