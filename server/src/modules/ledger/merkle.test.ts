import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  consistencyProof,
  inclusionProof,
  isValidSubtree,
  rangeHashes,
  subtreeConsistencyProof,
  subtreeInclusionProof,
  treeHasher,
  verifyConsistency,
  verifyInclusion,
  verifySubtreeConsistency,
  verifySubtreeInclusion,
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

describe('transparency-dev/merkle subtree vectors (draft-ietf-plants-merkle-tree-certs §4)', () => {
  const inclusion = vectors('subtreeinclusion');
  const consistency = vectors('subtreeconsistency');

  it('has the published vectors, both accepted and rejected ones', () => {
    expect(inclusion.length).toBe(204);
    expect(consistency.length).toBe(118);
    for (const set of [inclusion, consistency]) {
      expect(set.some(([, v]) => v.wantErr === false)).toBe(true);
      expect(set.some(([, v]) => v.wantErr === true)).toBe(true);
    }
  });

  it.each(inclusion)('subtree inclusion %s', (_name, v) => {
    const proof = ((v.proof as string[] | null) ?? []).map(b64);
    const ok = verifySubtreeInclusion(
      sha256,
      v.leafIdx as number,
      v.start as number,
      v.end as number,
      b64(v.leafHash as string),
      proof,
      b64(v.root as string),
    );
    expect(ok).toBe(!v.wantErr);
  });

  it.each(consistency)('subtree consistency %s', (_name, v) => {
    const proof = ((v.proof as string[] | null) ?? []).map(b64);
    const ok = verifySubtreeConsistency(
      sha256,
      v.start as number,
      v.end as number,
      v.size as number,
      proof,
      b64(v.root1 as string),
      b64(v.root2 as string),
    );
    expect(ok).toBe(!v.wantErr);
  });

  // The vectors' happy paths were produced by the reference generator: ours must produce the same hashes. Their
  // trees are the RFC 6962 reference leaves, so every hash a proof may hold is a range of those.
  const ref = JSON.parse(readFileSync(path.join(DATA, 'rfc6962_reference_tree.json'), 'utf8')) as {
    leaves_hex: string[];
  };
  const refLeaves = ref.leaves_hex.map((h) => sha256.hashLeaf(Buffer.from(h, 'hex')));

  it('generates the happy-path proofs of the vectors over the reference tree', () => {
    let checked = 0;
    for (const [name, v] of consistency) {
      const size = v.size as number;
      if (v.wantErr || size > refLeaves.length || !name.endsWith('happy-path.json')) continue;
      const range = rangeHashes(sha256, refLeaves.slice(0, size));
      const [start, end] = [v.start as number, v.end as number];
      expect(hex(range(start, end)), name).toBe(hex(b64(v.root1 as string)));
      expect(hex(range(0, size)), name).toBe(hex(b64(v.root2 as string)));
      expect(subtreeConsistencyProof(start, end, size, range).map(hex), name).toEqual(
        ((v.proof as string[] | null) ?? []).map((p) => hex(b64(p))),
      );
      checked++;
    }
    expect(checked).toBeGreaterThan(2);
  });

  it('knows which intervals are subtrees', () => {
    expect(isValidSubtree(0, 0)).toBe(true);
    expect(isValidSubtree(3, 3)).toBe(true);
    expect(isValidSubtree(0, 13)).toBe(true);
    expect(isValidSubtree(4, 8)).toBe(true);
    expect(isValidSubtree(8, 13)).toBe(true);
    expect(isValidSubtree(12, 14)).toBe(true);
    expect(isValidSubtree(3, 5)).toBe(false);
    expect(isValidSubtree(8, 17)).toBe(false);
    expect(isValidSubtree(2, 1)).toBe(false);
    expect(isValidSubtree(-1, 0)).toBe(false);
    expect(isValidSubtree(1, 2 ** 63)).toBe(false);
    expect(() => subtreeConsistencyProof(3, 5, 8, () => new Uint8Array(32))).toThrow(RangeError);
    expect(() => subtreeConsistencyProof(4, 8, 7, () => new Uint8Array(32))).toThrow(RangeError);
    expect(() => subtreeInclusionProof(3, 4, 8, () => new Uint8Array(32))).toThrow(RangeError);
    expect(() => subtreeInclusionProof(1, 1, 3, () => new Uint8Array(32))).toThrow(RangeError);
  });

  it('follows the worked examples of the draft: [4, 8) and [8, 13) in a tree of 14', () => {
    const leaves = Array.from({ length: 14 }, (_, i) => sha256.hashLeaf(Uint8Array.of(i)));
    const range = rangeHashes(sha256, leaves);
    const at = (s: number, e: number) => hex(range(s, e));
    expect(subtreeConsistencyProof(4, 8, 14, range).map(hex)).toEqual([at(0, 4), at(8, 14)]);
    expect(subtreeConsistencyProof(8, 13, 14, range).map(hex)).toEqual([
      at(12, 13),
      at(13, 14),
      at(8, 12),
      at(0, 8),
    ]);
    expect(subtreeInclusionProof(10, 8, 13, range).map(hex)).toEqual([at(11, 12), at(8, 10), at(12, 13)]);
    // From the start of the tree it is the RFC 9162 consistency proof; for one entry, its audit path.
    for (const end of [1, 5, 8, 13, 14])
      expect(subtreeConsistencyProof(0, end, 14, range).map(hex)).toEqual(
        consistencyProof(end, 14, range).map(hex),
      );
    for (const i of [0, 5, 13])
      expect(subtreeConsistencyProof(i, i + 1, 14, range).map(hex)).toEqual(
        inclusionProof(i, 14, range).map(hex),
      );
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

  /** Every subtree [start, end) of a tree of n entries, the empty ones included. */
  const subtreesOf = (n: number) => {
    const all: [number, number][] = [];
    for (let end = 0; end <= n; end++)
      for (let start = 0; start <= end; start++) if (isValidSubtree(start, end)) all.push([start, end]);
    return all;
  };

  for (const hasher of [sha256, sm3]) {
    it(`${hasher.algorithm}: every subtree inclusion proof verifies, and any single-bit change is rejected`, () => {
      fc.assert(
        fc.property(tree, fc.nat(), fc.nat(), fc.nat(255), (entries, pick, other, bit) => {
          const range = rangeHashes(
            hasher,
            entries.map((e) => hasher.hashLeaf(e)),
          );
          const subtrees = subtreesOf(entries.length).filter(([s, e]) => e > s);
          for (const [start, end] of subtrees) {
            const root = range(start, end);
            for (const i of new Set([start, end - 1, start + (pick % (end - start))])) {
              const proof = subtreeInclusionProof(i, start, end, range);
              if (!verifySubtreeInclusion(hasher, i, start, end, range(i, i + 1), proof, root)) return false;
            }
          }
          const [start, end] = subtrees[pick % subtrees.length]!;
          const i = start + (other % (end - start));
          const leaf = range(i, i + 1);
          const root = range(start, end);
          const proof = subtreeInclusionProof(i, start, end, range);
          if (verifySubtreeInclusion(hasher, i, start, end, flip(leaf, bit), proof, root)) return false;
          if (verifySubtreeInclusion(hasher, i, start, end, leaf, proof, flip(root, bit))) return false;
          if (proof.length) {
            const at = other % proof.length;
            const bad = proof.map((p, j) => (j === at ? flip(p, bit) : p));
            if (verifySubtreeInclusion(hasher, i, start, end, leaf, bad, root)) return false;
            if (verifySubtreeInclusion(hasher, i, start, end, leaf, proof.slice(1), root)) return false;
          }
          if (verifySubtreeInclusion(hasher, i, start, end, leaf, [...proof, root], root)) return false;
          // The same proof says nothing about the entry's place in the whole tree unless the subtree is it.
          if (start > 0 && verifySubtreeInclusion(hasher, i, 0, end, leaf, proof, range(0, end)))
            return false;
          return true;
        }),
        { numRuns: 40 },
      );
    });

    it(`${hasher.algorithm}: every subtree consistency proof verifies, and any single-bit change is rejected`, () => {
      fc.assert(
        fc.property(tree, fc.nat(), fc.nat(), fc.nat(255), (entries, pick, other, bit) => {
          const range = rangeHashes(
            hasher,
            entries.map((e) => hasher.hashLeaf(e)),
          );
          const n = entries.length;
          const subtrees = subtreesOf(n);
          for (const [start, end] of subtrees) {
            const size = end + ((pick + start) % (n - end + 1)); // any tree that contains the subtree
            const proof = subtreeConsistencyProof(start, end, size, range);
            if (!verifySubtreeConsistency(hasher, start, end, size, proof, range(start, end), range(0, size)))
              return false;
          }
          const nonEmpty = subtrees.filter(([s, e]) => e > s);
          const [start, end] = nonEmpty[pick % nonEmpty.length]!;
          const size = end + (other % (n - end + 1));
          const proof = subtreeConsistencyProof(start, end, size, range);
          const [sub, root] = [range(start, end), range(0, size)];
          if (verifySubtreeConsistency(hasher, start, end, size, proof, flip(sub, bit), root)) return false;
          if (verifySubtreeConsistency(hasher, start, end, size, proof, sub, flip(root, bit))) return false;
          if (verifySubtreeConsistency(hasher, start, end, size, [...proof, root], sub, root)) return false;
          if (start === 0 && end === size) return proof.length === 0;
          if (!proof.length) return false;
          const at = other % proof.length;
          const bad = proof.map((p, j) => (j === at ? flip(p, bit) : p));
          if (verifySubtreeConsistency(hasher, start, end, size, bad, sub, root)) return false;
          if (verifySubtreeConsistency(hasher, start, end, size, proof.slice(0, -1), sub, root)) return false;
          if (verifySubtreeConsistency(hasher, start, end, size, proof.slice(1), sub, root)) return false;
          return !verifySubtreeConsistency(hasher, start, end, size, proof, root, sub);
        }),
        { numRuns: 40 },
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
    expect(verifySubtreeInclusion(sha256, 2, 2, 2 ** 60, h, [], h)).toBe(false);
    expect(verifySubtreeInclusion(sha256, 2.5, 2, 4, h, [h], h)).toBe(false);
    expect(verifySubtreeConsistency(sha256, 0, 2, 2 ** 60, [h], h, h)).toBe(false);
    expect(verifySubtreeConsistency(sha256, 4, 8, 8, [h, new Uint8Array(31)], h, h)).toBe(false);
  });
});
