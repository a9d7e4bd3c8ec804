/**
 * Relay connections over upstreams that page by page number (Vantage `page`/`limit`, Logto
 * `page`/`page_size`). Cursors are Pothos offset cursors, so a client may change `first` between
 * pages: the window is then covered by at most two upstream pages.
 */
import { cursorToOffset, offsetToCursor } from '@pothos/plugin-relay';
import { ValidationError } from './gateway-error.ts';

export interface UpstreamPage<T> {
  items: T[];
  /** Whether the upstream says a later page exists. */
  hasNext: boolean;
  /** Total number of items, where the upstream reports it. */
  totalCount?: number | undefined;
}

export interface ForwardArgs {
  first?: number | null | undefined;
  after?: string | null | undefined;
  last?: number | null | undefined;
  before?: string | null | undefined;
}

export interface PageConnection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number | undefined;
}

export async function resolvePageNumberConnection<T>(
  args: ForwardArgs,
  options: { defaultSize: number; maxSize: number },
  fetchPage: (page: number, size: number) => Promise<UpstreamPage<T>>,
): Promise<PageConnection<T>> {
  const { offset, size } = window(args, options);
  const firstPage = Math.floor(offset / size) + 1;
  const skip = offset % size;
  const pages = [await fetchPage(firstPage, size)];
  const needsSecond = skip > 0 && pages[0]?.hasNext === true;
  if (needsSecond) pages.push(await fetchPage(firstPage + 1, size));
  const items = pages.flatMap((page) => page.items);
  const nodes = items.slice(skip, skip + size);
  const last = pages.at(-1);
  const hasNextPage = items.length > skip + size || (last?.hasNext ?? false);
  const edges = nodes.map((node, index) => ({ cursor: offsetToCursor(offset + index), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: offset > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: pages[0]?.totalCount,
  };
}

function window(args: ForwardArgs, options: { defaultSize: number; maxSize: number }): { offset: number; size: number } {
  if (args.last != null || args.before != null) {
    throw new ValidationError('This list pages forward only: use first/after', [
      { path: [args.last != null ? 'last' : 'before'], message: 'backward paging is not supported by the upstream' },
    ]);
  }
  const size = args.first ?? options.defaultSize;
  if (!Number.isInteger(size) || size < 1 || size > options.maxSize) {
    throw new ValidationError(`first must be between 1 and ${options.maxSize}`, [
      { path: ['first'], message: `must be between 1 and ${options.maxSize}` },
    ]);
  }
  let offset = 0;
  if (args.after != null) {
    try {
      offset = cursorToOffset(args.after) + 1;
    } catch {
      throw new ValidationError('after is not a cursor of this list', [{ path: ['after'], message: 'is not a valid cursor' }]);
    }
  }
  return { offset, size };
}
