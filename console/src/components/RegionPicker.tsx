// Picks an administrative division by walking province → city → county → township. A code set from outside
// (a form being edited, a filter from the address bar) is shown by the names of its chain.
import { Cascader } from 'antd';
import { useState, type CSSProperties } from 'react';
import { api, unwrap } from '../api/client';
import { useRegion, useRegions } from '../hooks/api';

interface Option {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: Option[];
}

interface Chain {
  codes: string[];
  names: string[];
}

export function RegionPicker({
  value,
  onChange,
  placeholder,
  style,
  testId,
}: {
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  style?: CSSProperties;
  testId?: string;
}) {
  const provinces = useRegions();
  const [loaded, setLoaded] = useState<Record<string, Option[]>>({});
  // What was picked here; a value that came from elsewhere is looked up by its code.
  const [picked, setPicked] = useState<Chain>();
  const pickedHere = !!value && picked?.codes.at(-1) === value;
  const known = useRegion(value && !pickedHere ? value : undefined);
  const chain: Chain | undefined = !value
    ? undefined
    : pickedHere
      ? picked
      : known.data && {
          codes: known.data.path.map((r) => r.code),
          names: known.data.path.map((r) => r.name),
        };
  const attach = (options: Option[]): Option[] =>
    options.map((o) => ({ ...o, ...(loaded[o.value] && { children: attach(loaded[o.value]!) }) }));
  const root: Option[] = (provinces.data ?? []).map((r) => ({ value: r.code, label: r.name, isLeaf: false }));
  return (
    <Cascader<Option>
      options={attach(root)}
      changeOnSelect
      showSearch={false}
      style={style}
      data-testid={testId}
      placeholder={placeholder ?? (value && !chain ? value : undefined)}
      value={chain?.codes ?? []}
      displayRender={(labels) => chain?.names.join(' / ') ?? labels.join(' / ')}
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
      onChange={(path, options) => {
        setPicked(path?.length ? { codes: path, names: (options ?? []).map((o) => o.label) } : undefined);
        onChange?.(path?.at(-1));
      }}
    />
  );
}
