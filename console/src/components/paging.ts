// Maps a limit/offset query to Ant Design table pagination, and page changes back to the query.
import type { TablePaginationConfig } from 'antd';

export interface OffsetQuery {
  limit: number;
  offset: number;
}

export function offsetPagination<Q extends OffsetQuery>(
  query: Q,
  setQuery: (next: Q) => void,
  total: number | undefined,
  showTotal: (n: number) => string,
): TablePaginationConfig {
  return {
    total,
    pageSize: query.limit,
    current: query.offset / query.limit + 1,
    showTotal,
    onChange: (page, size) => setQuery({ ...query, limit: size, offset: (page - 1) * size }),
  };
}
