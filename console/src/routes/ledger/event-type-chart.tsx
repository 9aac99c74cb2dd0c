// How many of the latest entries each event type has: a bar per type, the largest on top.
import { useMemo } from 'react';
import { Chart } from '../../components/Chart';
import { useLedgerEntries } from '../../hooks/api';
import { readEventBody } from './entry-body';

/** The entries API answers at most this many at once; the chart covers the newest ones. */
const WINDOW = 1000;

export function EventTypeChart({ size }: { size: number }) {
  const start = Math.max(0, size - WINDOW);
  const entries = useLedgerEntries(start, size);
  const counts = useMemo(() => {
    const byType = new Map<string, number>();
    for (const e of entries.data ?? []) {
      const type = readEventBody(e.body).type ?? '?';
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
    return [...byType].sort((a, b) => a[1] - b[1]);
  }, [entries.data]);
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: counts.map(([type]) => type),
        axisLabel: { fontFamily: 'monospace', fontSize: 11 },
      },
      series: [
        {
          type: 'bar',
          data: counts.map(([, n]) => n),
          itemStyle: { color: '#1f4fd1' },
          label: { show: true, position: 'right' },
        },
      ],
    }),
    [counts],
  );
  return <Chart option={option} height={Math.max(220, counts.length * 26 + 30)} testId="ledger-chart" />;
}

export const chartWindow = (size: number) => Math.min(size, WINDOW);
