// RFC 9162 Merkle tree hashing, audit paths and consistency proofs, and their verification (§2.1).
// Sizes and indexes are JavaScript numbers, exact up to 2^53; halving uses arithmetic, never 32-bit shifts.
import { createHash } from 'node:crypto';

/** The tree hash of a crypto suite: SHA-256 (international) or SM3 (GB/T 32905, national). */
export interface TreeHasher {
  readonly algorithm: 'sha256' | 'sm3';
  /** Digest length in bytes. */
  readonly size: number;
  /** MTH({}) = HASH(). */
  emptyRoot(): Uint8Array;
  /** MTH({d}) = HASH(0x00 || d). */
  hashLeaf(entry: Uint8Array): Uint8Array;
  /** HASH(0x01 || left || right). */
  hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array;
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function treeHasher(algorithm: 'sha256' | 'sm3'): TreeHasher {
  const digest = (...parts: Uint8Array[]) => {
    const h = createHash(algorithm);
    for (const p of parts) h.update(p);
    return new Uint8Array(h.digest());
  };
  return {
    algorithm,
    size: 32,
    emptyRoot: () => digest(),
    hashLeaf: (entry) => digest(LEAF_PREFIX, entry),
    hashChildren: (left, right) => digest(NODE_PREFIX, left, right),
  };
}

/** The largest power of two strictly smaller than n (n > 1): the split point k of RFC 9162. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);
const isPowerOfTwo = (n: number) => n > 0 && splitPoint(n + 1) === n;

/**
 * The hash of the leaves [start, end). Storage-backed trees answer it from stored subtree hashes; `rangeHashes`
 * computes it from the leaf hashes themselves.
 */
export type RangeHash = (start: number, end: number) => Uint8Array;

/** MTH over leaf hashes, computing each range from its children (for tests, tools and small trees). */
export function rangeHashes(hasher: TreeHasher, leafHashes: readonly Uint8Array[]): RangeHash {
  const memo = new Map<string, Uint8Array>();
  const range: RangeHash = (start, end) => {
    const n = end - start;
    if (n === 0) return hasher.emptyRoot();
    if (n === 1) return leafHashes[start]!;
    const key = `${start}:${end}`;
    let hash = memo.get(key);
    if (!hash) {
      const k = splitPoint(n);
      hash = hasher.hashChildren(range(start, start + k), range(start + k, end));
      memo.set(key, hash);
    }
    return hash;
  };
  return range;
}

/** PATH(m, D[n]): the audit path of leaf `index` in the tree of the first `size` leaves (§2.1.3.1). */
export function inclusionProof(index: number, size: number, range: RangeHash): Uint8Array[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`);
  const path: Uint8Array[] = [];
  // Walk down from the root; the sibling at each level is appended, so the path comes out root-first.
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      path.push(range(start + k, end));
      end = start + k;
    } else {
      path.push(range(start, start + k));
      start += k;
    }
  }
  return path.reverse();
}

/** PROOF(m, D[n]): the consistency proof between the trees of sizes size1 and size2 (§2.1.4.1). */
export function consistencyProof(size1: number, size2: number, range: RangeHash): Uint8Array[] {
  if (!(size1 > 0 && size1 <= size2)) throw new RangeError(`no consistency proof from ${size1} to ${size2}`);
  const proof: Uint8Array[] = [];
  // SUBPROOF(m, D[start:end], b), unrolled: each step appends the hash of the part the old tree does not decide.
  let m = size1;
  let start = 0;
  let end = size2;
  let known = true; // b: whether MTH(D[start:start+m]) is the old root the verifier already has
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      proof.push(range(start + k, end));
      end = start + k;
    } else {
      proof.push(range(start, start + k));
      start += k;
      m -= k;
      known = false;
    }
  }
  if (!known) proof.push(range(start, end));
  return proof.reverse();
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/** §2.1.3.2: does `proof` show the leaf with `leafHash` at `index` in the tree of `size` leaves with `root`? */
export function verifyInclusion(
  hasher: TreeHasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return false;
  if (leafHash.length !== hasher.size || root.length !== hasher.size) return false;
  if (proof.some((p) => p.length !== hasher.size)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      r = hasher.hashChildren(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hasher.hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(r, root);
}

/**
 * §2.1.4.2: does `proof` show that the tree of size1 leaves with root1 is a prefix of the tree of size2 leaves
 * with root2? Equal sizes need an empty proof and equal roots; a proof from the empty tree is meaningless.
 */
export function verifyConsistency(
  hasher: TreeHasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 <= 0 || size2 < size1)
    return false;
  // The same tree: nothing to prove but that the two roots are one (as the transparency-dev vectors require).
  if (size1 === size2) return proof.length === 0 && equal(root1, root2);
  if (root1.length !== hasher.size || root2.length !== hasher.size) return false;
  if (proof.some((p) => p.length !== hasher.size)) return false;
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (isOdd(fn) || fn === sn) {
      fr = hasher.hashChildren(c, fr);
      sr = hasher.hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hasher.hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equal(fr, root1) && equal(sr, root2);
}

// Subtrees (draft-ietf-plants-merkle-tree-certs §4, formerly draft-davidben-tls-merkle-tree-certs): the Merkle
// tree over an interval [start, end) of the log's entries, for intervals aligned so that the subtree can be shown
// to sit inside the whole tree. These proofs are what the transparency-dev `subtree*` vectors exercise.

/** The smallest power of two at least n (1 for n <= 1). */
const bitCeil = (n: number) => (n <= 1 ? 1 : 2 * splitPoint(n));

/**
 * Is [start, end) a subtree: 0 <= start <= end, and start a multiple of the smallest power of two that is at
 * least end - start? [0, x) and the empty [x, x) always are. (That end does not pass the tree size is the
 * caller's check.)
 */
export function isValidSubtree(start: number, end: number): boolean {
  return (
    Number.isSafeInteger(start) &&
    Number.isSafeInteger(end) &&
    start >= 0 &&
    start <= end &&
    start % bitCeil(end - start) === 0
  );
}

/**
 * The inclusion proof of entry `index` in the subtree [start, end): the RFC 9162 audit path of leaf
 * index - start in the tree over the entries [start, end).
 */
export function subtreeInclusionProof(
  index: number,
  start: number,
  end: number,
  range: RangeHash,
): Uint8Array[] {
  if (!isValidSubtree(start, end)) throw new RangeError(`[${start}, ${end}) is not a subtree`);
  if (!(index >= start && index < end)) throw new RangeError(`entry ${index} is not in [${start}, ${end})`);
  return inclusionProof(index - start, end - start, (s, e) => range(start + s, start + e));
}

/**
 * SUBTREE_PROOF(start, end, D[size]): the hashes that show the subtree [start, end) is part of the tree of
 * `size` entries. Like RFC 9162 PROOF, it descends from the root towards the subtree, keeping at each step the
 * hash of the side it leaves; when the subtree straddles the split (only possible with start = 0 there), it
 * keeps the left side and continues with the subtree's right part, whose hash the verifier then also needs.
 */
export function subtreeConsistencyProof(
  start: number,
  end: number,
  size: number,
  range: RangeHash,
): Uint8Array[] {
  if (!isValidSubtree(start, end) || end > size)
    throw new RangeError(`[${start}, ${end}) is not a subtree of a tree of size ${size}`);
  if (start === end) return [];
  const proof: Uint8Array[] = [];
  let lo = 0; // the part of the tree still to descend: [lo, hi)
  let hi = size;
  let from = start; // the part of the subtree in it: [from, end)
  let known = true; // whether the verifier already holds the hash of [from, end): the subtree's own root
  while (!(from === lo && end === hi)) {
    const mid = lo + splitPoint(hi - lo);
    if (end <= mid) {
      proof.push(range(mid, hi));
      hi = mid;
    } else {
      proof.push(range(lo, mid));
      if (from < mid) {
        // from === lo here: the subtree covers the whole left side; what remains of it is on the right.
        from = mid;
        known = false;
      }
      lo = mid;
    }
  }
  if (!known) proof.push(range(lo, hi));
  return proof.reverse();
}

/**
 * Does `proof` show the entry with `leafHash` at `index` in the subtree [start, end) whose hash is
 * `subtreeRoot`? Invalid subtrees and indexes outside it are refused.
 */
export function verifySubtreeInclusion(
  hasher: TreeHasher,
  index: number,
  start: number,
  end: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  subtreeRoot: Uint8Array,
): boolean {
  if (!isValidSubtree(start, end) || !Number.isSafeInteger(index) || index < start || index >= end)
    return false;
  return verifyInclusion(hasher, index - start, end - start, leafHash, proof, subtreeRoot);
}

/**
 * Does `proof` show that the subtree [start, end) with hash `subtreeRoot` is part of the tree of `size` entries
 * with root `root`? The empty subtree needs an empty proof and the empty hash; the whole tree needs an empty
 * proof and equal hashes. Otherwise both hashes are rebuilt from the proof, every element of which must count.
 */
export function verifySubtreeConsistency(
  hasher: TreeHasher,
  start: number,
  end: number,
  size: number,
  proof: readonly Uint8Array[],
  subtreeRoot: Uint8Array,
  root: Uint8Array,
): boolean {
  if (!isValidSubtree(start, end) || !Number.isSafeInteger(size) || end > size) return false;
  if (start === end) return proof.length === 0 && equal(subtreeRoot, hasher.emptyRoot());
  if (proof.some((p) => p.length !== hasher.size)) return false;
  // Positions of the subtree's first and last entries and of the tree's last entry, moved up level by level.
  let first = start;
  let last = end - 1;
  let lastOfTree = size - 1;
  const up = () => {
    first = half(first);
    last = half(last);
    lastOfTree = half(lastOfTree);
  };
  // Climb to the lowest node that the tree and the subtree share: the subtree's root if that node is in the
  // tree (a perfect subtree, or one that ends where the tree does), else the largest perfect part at its end.
  if (last === lastOfTree) {
    while (first !== last) up();
  } else {
    while (first !== last && isOdd(last)) up();
  }
  let rest = proof;
  let seed = subtreeRoot;
  if (first !== last) {
    if (!rest.length) return false;
    seed = rest[0]!;
    rest = rest.slice(1);
  }
  let subtreeHash = seed; // rebuilt from the left siblings inside the subtree only
  let treeHash = seed; // rebuilt from every sibling
  for (const sibling of rest) {
    if (lastOfTree === 0) return false;
    if (isOdd(last) || last === lastOfTree) {
      if (first < last) subtreeHash = hasher.hashChildren(sibling, subtreeHash);
      treeHash = hasher.hashChildren(sibling, treeHash);
      while (!isOdd(last) && last !== 0) up();
    } else {
      treeHash = hasher.hashChildren(treeHash, sibling);
    }
    up();
  }
  return lastOfTree === 0 && equal(subtreeHash, subtreeRoot) && equal(treeHash, root);
}
