import { describe, expect, it } from 'vitest';
import { findRegion, isValidRegionCode, regionChildren, regionPath } from './region.ts';

describe('administrative divisions (GB/T 2260)', () => {
  it('knows provinces, cities, counties and townships with their chain', () => {
    expect(findRegion('150000')?.name).toBe('内蒙古自治区');
    expect(findRegion('150100')).toMatchObject({ name: '呼和浩特市', level: 'city', parentCode: '150000' });
    expect(regionPath('150102').map((r) => r.name)).toEqual(['内蒙古自治区', '呼和浩特市', '新城区']);
    const township = regionChildren('150102')[0]!;
    expect(township.level).toBe('township');
    expect(township.code).toMatch(/^150102\d{3}$/);
  });

  it('hangs municipal districts under the municipality', () => {
    expect(findRegion('110101')).toMatchObject({ name: '东城区', parentCode: '110000' });
  });

  it('lists the 34 provincial-level divisions at the top', () => {
    expect(regionChildren(null).length).toBeGreaterThanOrEqual(31);
  });

  it('refuses codes that are not divisions', () => {
    for (const code of ['150199', '999999', '15010', 'abcdef', '1501020011', ''])
      expect(isValidRegionCode(code)).toBe(false);
  });
});
