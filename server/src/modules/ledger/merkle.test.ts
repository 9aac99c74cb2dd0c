import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  inclusionProof,
  rangeHashes,
  treeHasher,
  verifyConsistency,
  verifyInclusion,
} from './merkle.ts';

const DATA = path.join(import.meta.dirname, 'testdata');
const sha256 = treeHasher('sha256');
const sm3 = treeHasher('sm3');
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

function vectors(folder: string): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json'))
        out.push([path.relative(DATA, full), JSON.parse(readFileSync(full, 'utf8'))]);
    }
  };
  walk(path.join(DATA, 'transparency-dev-merkle/testdata', folder));
  return out;
}

describe('RFC 9162 tree hashing', () => {
  const ref = JSON.parse(readFileSync(path.join(DATA, 'rfc6962_reference_tree.json'), 'utf8')) as {
    leaves_hex: string[];
    roots_hex: Record<string, string>;
    leaf_hashes_hex: string[];
  };
  const leaves = ref.leaves_hex.map((h) => new Uint8Array(Buffer.from(h, 'hex')));

  it('hashes the reference leaves and every prefix root of the 8-leaf reference tree', () => {
    const leafHashes = leaves.map((l) => sha256.hashLeaf(l));
    expect(leafHashes.map(hex)).toEqual(ref.leaf_hashes_hex);
    const range = rangeHashes(sha256, leafHashes);
    for (let n = 0; n <= 8; n++) expect(hex(range(0, n)), `root of size ${n}`).toBe(ref.roots_hex[String(n)]);
  });

  it('uses SM3 for the national suite (GB/T 32905 "abc" vector)', () => {
    expect(hex(sm3.emptyRoot())).toBe('1ab21d8355cfa17f8e61194831e81a8f22bec8c728fefb747ed035eb5082aa2b');
    expect(hex(sm3.hashLeaf(new Uint8Array()))).not.toBe(hex(sm3.emptyRoot()));
  });
});

describe('transparency-dev/merkle vectors', () => {
  const inclusion = vectors('inclusion');
  const consistency = vectors('consistency');

  it('has the published vectors', () => {
    expect(inclusion.length).toBe(98);
    expect(consistency.length).toBe(98);
  });

  it.each(inclusion)('inclusion %s', (_name, v) => {
    const proof = ((v.proof as string[] | null) ?? []).map(b64);
    const ok = verifyInclusion(
      sha256,
      v.leafIdx as number,
      v.treeSize as number,
      b64(v.leafHash as string),
      proof,
      b64(v.root as string),
    );
    expect(ok).toBe(!v.wantErr);
  });

  it.each(consistency)('consistency %s', (_name, v) => {
    const proof = ((v.proof as string[] | null) ?? []).map(b64);
    const ok = verifyConsistency(
      sha256,
      v.size1 as number,
      v.size2 as number,
      proof,
      b64(v.root1 as string),
      b64(v.root2 as string),
    );
    expect(ok).toBe(!v.wantErr);
  });
});

describe('proofs of random trees (property tests)', () => {
  // Distinct entries: with duplicates another index may rightly verify with the same proof.
  const tree = fc.uniqueArray(fc.uint8Array({ maxLength: 16 }), {
    minLength: 1,
    maxLength: 70,
    selector: (e) => hex(e),
  });
  const flip = (b: Uint8Array, bit: number) => {
    const c = Uint8Array.from(b);
    c[Math.floor(bit / 8) % c.length]! ^= 1 << (bit % 8);
    return c;
  };

  for (const hasher of [sha256, sm3]) {
    it(`${hasher.algorithm}: every inclusion proof verifies, and any single-bit change is rejected`, () => {
      fc.assert(
        fc.property(tree, fc.nat(), fc.nat(255), (entries, pick, bit) => {
          const range = rangeHashes(
            hasher,
            entries.map((e) => hasher.hashLeaf(e)),
          );
          const size = entries.length;
          const root = range(0, size);
          for (let i = 0; i < size; i++) {
            const leaf = range(i, i + 1);
            const proof = inclusionProof(i, size, range);
            if (!verifyInclusion(hasher, i, size, leaf, proof, root)) return false;
          }
          const i = pick % size;
          const leaf = range(i, i + 1);
          const proof = inclusionProof(i, size, range);
          if (verifyInclusion(hasher, i, size, flip(leaf, bit), proof, root)) return false;
          if (verifyInclusion(hasher, i, size, leaf, proof, flip(root, bit))) return false;
          if (proof.length) {
            const at = pick % proof.length;
            const bad = proof.map((p, j) => (j === at ? flip(p, bit) : p));
            if (verifyInclusion(hasher, i, size, leaf, bad, root)) return false;
            if (verifyInclusion(hasher, i, size, leaf, proof.slice(1), root)) return false;
          }
          if (verifyInclusion(hasher, i, size, leaf, [...proof, root], root)) return false;
          if (size > 1 && verifyInclusion(hasher, (i + 1) % size, size, leaf, proof, root)) return false;
          return true;
        }),
        { numRuns: 60 },
      );
    });

    it(`${hasher.algorithm}: every consistency proof verifies, and any single-bit change is rejected`, () => {
      fc.assert(
        fc.property(tree, fc.nat(), fc.nat(), fc.nat(255), (entries, a, b, bit) => {
          const range = rangeHashes(
            hasher,
            entries.map((e) => hasher.hashLeaf(e)),
          );
          const n = entries.length;
          for (let m = 1; m <= n; m++) {
            if (!verifyConsistency(hasher, m, n, consistencyProof(m, n, range), range(0, m), range(0, n)))
              return false;
          }
          const size2 = 1 + (a % n);
          const size1 = 1 + (b % size2);
          const proof = consistencyProof(size1, size2, range);
          const [r1, r2] = [range(0, size1), range(0, size2)];
          if (size1 === size2)
            return proof.length === 0 && !verifyConsistency(hasher, size1, size2, proof, r1, flip(r2, bit));
          if (verifyConsistency(hasher, size1, size2, proof, flip(r1, bit), r2)) return false;
          if (verifyConsistency(hasher, size1, size2, proof, r1, flip(r2, bit))) return false;
          const at = a % proof.length;
          if (
            verifyConsistency(
              hasher,
              size1,
              size2,
              proof.map((p, j) => (j === at ? flip(p, bit) : p)),
              r1,
              r2,
            )
          )
            return false;
          if (verifyConsistency(hasher, size1, size2, proof.slice(0, -1), r1, r2)) return false;
          if (verifyConsistency(hasher, size1, size2, [...proof, r1], r1, r2)) return false;
          return !verifyConsistency(hasher, size2, size1, proof, r2, r1);
        }),
        { numRuns: 60 },
      );
    });
  }

  it('refuses sizes out of range without throwing', () => {
    const h = new Uint8Array(32);
    expect(verifyInclusion(sha256, 5, 5, h, [], h)).toBe(false);
    expect(verifyInclusion(sha256, -1, 5, h, [], h)).toBe(false);
    expect(verifyInclusion(sha256, 0, 2 ** 60, h, [], h)).toBe(false);
    expect(verifyConsistency(sha256, 0, 5, [h], h, h)).toBe(false);
    expect(verifyConsistency(sha256, 6, 5, [h], h, h)).toBe(false);
    expect(verifyConsistency(sha256, 3, 5, [], h, h)).toBe(false);
    expect(verifyInclusion(sha256, 0, 1, new Uint8Array(31), [], h)).toBe(false);
    expect(() => inclusionProof(3, 3, () => h)).toThrow(RangeError);
    expect(() => consistencyProof(0, 3, () => h)).toThrow(RangeError);
  });
});
