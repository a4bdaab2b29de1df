/**
 * SFMC's paged lists: `$page`/`$pageSize` in the query, `page`, `pageSize`, `count`
 * and `items` in the body (as in SFMC's documented list of attribute set definitions).
 */

export interface Paging {
  page: number;
  pageSize: number;
}

const DEFAULT_PAGE_SIZE = 50;

/** Clients send `$page`/`$pageSize`; the plain names are accepted too. */
function positiveInteger(query: URLSearchParams, name: string, fallback: number): number | undefined {
  const raw = query.get(`$${name}`) ?? query.get(name);
  if (raw === null) return fallback;
  return /^\d{1,9}$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;
}

/** The requested page, or undefined when a parameter is not a positive integer or pageSize exceeds the maximum. */
export function pagingFrom(query: URLSearchParams, maxPageSize = Number.POSITIVE_INFINITY): Paging | undefined {
  const page = positiveInteger(query, 'page', 1);
  const pageSize = positiveInteger(query, 'pageSize', DEFAULT_PAGE_SIZE);
  if (page === undefined || pageSize === undefined || pageSize > maxPageSize) return undefined;
  return { page, pageSize };
}

/** One page of `all`, in SFMC's key order; a page past the end has no items. */
export function pageOf<T>(all: readonly T[], { page, pageSize }: Paging) {
  const start = (page - 1) * pageSize;
  return { page, pageSize, count: all.length, items: all.slice(start, start + pageSize) };
}
