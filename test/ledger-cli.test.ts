// `liutong ledger verify-inclusion|verify-consistency`: exit 0 valid, 1 invalid, 2 usage error.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  inclusionProof,
  rangeHashes,
  treeHasher,
} from '../server/src/modules/ledger/index.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'server/bin/liutong.js');
const VECTORS = path.join(ROOT, 'server/src/modules/ledger/testdata/transparency-dev-merkle/testdata');
const hexOf = (b64: string) => Buffer.from(b64, 'base64').toString('hex');
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function ledger(...args: string[]) {
  const res = spawnSync(process.execPath, [BIN, 'ledger', ...args], { encoding: 'utf8', timeout: 30_000 });
  return { code: res.status, out: res.stdout + res.stderr };
}

interface Vector {
  leafIdx: number;
  treeSize: number;
  leafHash: string;
  root: string;
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[];
}

function vector(file: string): Vector {
  return JSON.parse(readFileSync(path.join(VECTORS, file), 'utf8')) as Vector;
}

describe('liutong ledger verify-inclusion', () => {
  const v = vector('inclusion/3/happy-path.json');
  const args = (over: Record<string, string> = {}) => {
    const o = {
      '--leaf-hash': hexOf(v.leafHash),
      '--index': String(v.leafIdx),
      '--size': String(v.treeSize),
      '--root': hexOf(v.root),
      '--proof': v.proof.map(hexOf).join(','),
      ...over,
    };
    return Object.entries(o).flat();
  };

  it('exits 0 for a valid proof and 1 for a wrong root, index or proof', () => {
    expect(ledger('verify-inclusion', ...args())).toMatchObject({ code: 0 });
    expect(ledger('verify-inclusion', ...args({ '--root': '00'.repeat(32) })).code).toBe(1);
    expect(ledger('verify-inclusion', ...args({ '--index': '0' })).code).toBe(1);
    expect(ledger('verify-inclusion', ...args({ '--proof': '' })).code).toBe(1);
  });

  it('exits 2 on malformed hex, a missing option or a bad number', () => {
    expect(ledger('verify-inclusion', ...args({ '--root': 'xyz' })).code).toBe(2);
    expect(ledger('verify-inclusion', ...args({ '--proof': 'abcd' })).code).toBe(2);
    expect(ledger('verify-inclusion', ...args({ '--size': '-3' })).code).toBe(2);
    expect(ledger('verify-inclusion', '--index', '1').code).toBe(2);
  });
});

describe('liutong ledger verify-consistency', () => {
  const v = vector('consistency/3/happy-path.json');
  const args = (over: Record<string, string> = {}) => {
    const o = {
      '--size1': String(v.size1),
      '--size2': String(v.size2),
      '--root1': hexOf(v.root1),
      '--root2': hexOf(v.root2),
      '--proof': v.proof.map(hexOf).join(','),
      ...over,
    };
    return Object.entries(o).flat();
  };

  it("exits 0 for a valid proof (and equal trees with --proof ''), 1 for swapped or altered roots", () => {
    expect(ledger('verify-consistency', ...args()).code).toBe(0);
    const same = hexOf(v.root2);
    expect(
      ledger('verify-consistency', ...args({ '--size1': '5', '--root1': same, '--proof': '' })).code,
    ).toBe(0);
    expect(
      ledger('verify-consistency', ...args({ '--root1': hexOf(v.root2), '--root2': hexOf(v.root1) })).code,
    ).toBe(1);
    expect(ledger('verify-consistency', ...args({ '--size1': '0' })).code).toBe(1);
  });

  it('verifies SM3 trees with --suite gm, and not as SHA-256', () => {
    const sm3 = treeHasher('sm3');
    const range = rangeHashes(
      sm3,
      ['甲', '乙', '丙', '丁', '戊'].map((s) => sm3.hashLeaf(new TextEncoder().encode(s))),
    );
    const proof = consistencyProof(2, 5, range).map(hex).join(',');
    const common = [
      '--size1',
      '2',
      '--size2',
      '5',
      '--root1',
      hex(range(0, 2)),
      '--root2',
      hex(range(0, 5)),
      '--proof',
      proof,
    ];
    expect(ledger('verify-consistency', ...common, '--suite', 'gm').code).toBe(0);
    expect(ledger('verify-consistency', ...common).code).toBe(1);
    const path3 = inclusionProof(3, 5, range).map(hex).join(',');
    const incl = [
      '--leaf-hash',
      hex(range(3, 4)),
      '--index',
      '3',
      '--size',
      '5',
      '--root',
      hex(range(0, 5)),
      '--proof',
      path3,
    ];
    expect(ledger('verify-inclusion', ...incl, '--suite', 'gm').code).toBe(0);
    expect(ledger('verify-inclusion', ...incl, '--suite', 'nope').code).toBe(2);
  });
});
