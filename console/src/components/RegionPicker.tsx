// Picks an administrative division by walking province → city → county → township.
import { Cascader } from 'antd';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import { useRegions } from '../hooks/api';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

export function RegionPicker({
  value,
  onChange,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
}) {
  const provinces = useRegions();
  const [loaded, setLoaded] = useState<Record<string, Option[]>>({});
  const attach = (options: Option[]): Option[] =>
    options.map((o) => ({ ...o, ...(loaded[o.value] && { children: attach(loaded[o.value]!) }) }));
  const root: Option[] = (provinces.data ?? []).map((r) => ({ value: r.code, label: r.name, isLeaf: false }));
  return (
    <Cascader<Option>
      options={attach(root)}
      changeOnSelect
      showSearch={false}
      placeholder={value}
      loadData={async (selected) => {
        const last = selected.at(-1);
        if (!last || last.value.length !== 6) return;
        const children = await unwrap(
          api.GET('/api/v1/regions', { params: { query: { parent: last.value } } }),
        );
        setLoaded((prev) => ({
          ...prev,
          [last.value]: children.map((c) => ({
            value: c.code,
            label: c.name,
            isLeaf: c.level === 'township',
          })),
        }));
      }}
      onChange={(path) => onChange?.(path?.at(-1))}
    />
  );
}
