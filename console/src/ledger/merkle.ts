// RFC 9162 §2.1 proof verification in the browser: leaf and node hashes, audit paths, consistency proofs.
import { sm3 } from 'sm-crypto-v2';
import { concatBytes, equalBytes, fromHex, type Bytes } from './bytes.ts';

/** The tree hash of a crypto suite: SHA-256 (international, `intl`) or SM3 (GB/T 32905, national, `gm`). */
export type HashAlgorithm = 'sha256' | 'sm3';

/**
 * The tree hash a log names on its public-key endpoint, by hash or by suite; a log that names none is an
 * RFC 9162 log with SHA-256. A name we do not know is no reason to guess: undefined.
 */
export function hashAlgorithm(named: string | undefined): HashAlgorithm | undefined {
  switch ((named ?? 'sha256').toLowerCase()) {
    case 'sha256':
    case 'sha-256':
    case 'intl':
      return 'sha256';
    case 'sm3':
    case 'gm':
      return 'sm3';
    default:
      return undefined;
  }
}

export interface TreeHasher {
  readonly algorithm: HashAlgorithm;
  /** MTH({d}) = HASH(0x00 || d). */
  hashLeaf(entry: Uint8Array): Promise<Bytes>;
  /** HASH(0x01 || left || right). */
  hashChildren(left: Uint8Array, right: Uint8Array): Promise<Bytes>;
}

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);
const HASH_SIZE = 32;

const digests: Record<HashAlgorithm, (data: Bytes) => Promise<Bytes>> = {
  sha256: async (data) => new Uint8Array(await crypto.subtle.digest('SHA-256', data)),
  // WebCrypto has no SM3; sm-crypto-v2 answers in hex.
  sm3: async (data) => fromHex(sm3(data))!,
};

/** The plain digest of a suite (no RFC 9162 prefix): content hashes of certificates and events. */
export const digest = (algorithm: HashAlgorithm, data: Bytes): Promise<Bytes> => digests[algorithm](data);

export function treeHasher(algorithm: HashAlgorithm): TreeHasher {
  const digest = digests[algorithm];
  return {
    algorithm,
    hashLeaf: (entry) => digest(concatBytes(LEAF_PREFIX, entry)),
    hashChildren: (left, right) => digest(concatBytes(NODE_PREFIX, left, right)),
  };
}

// Sizes and indexes are exact up to 2^53 as JavaScript numbers; 32-bit shifts would cut them, so halve.
const isOdd = (n: number) => n % 2 === 1;
const half = (n: number) => Math.floor(n / 2);
const isPowerOfTwo = (n: number) => n > 0 && 2 ** Math.round(Math.log2(n)) === n;
const isSize = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** One level of an audit path: the sibling, on which side of the running hash it sits, and their parent. */
export interface PathStep {
  sibling: Bytes;
  side: 'left' | 'right';
  parent: Bytes;
}

/**
 * §2.1.3.2 up to its last comparison: the root that `proof` leads to from the leaf with `leafHash` at `index` in
 * a tree of `size` leaves, with each step. Undefined when the path cannot belong to that index and size.
 */
export async function rootFromInclusionProof(
  hasher: TreeHasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Promise<{ root: Bytes; steps: PathStep[] } | undefined> {
  if (!isSize(index) || !isSize(size) || index >= size) return undefined;
  if (leafHash.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r: Bytes = concatBytes(leafHash);
  const steps: PathStep[] = [];
  for (const p of proof) {
    if (sn === 0) return undefined;
    const sibling = concatBytes(p);
    if (isOdd(fn) || fn === sn) {
      r = await hasher.hashChildren(sibling, r);
      steps.push({ sibling, side: 'left', parent: r });
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = await hasher.hashChildren(r, sibling);
      steps.push({ sibling, side: 'right', parent: r });
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? { root: r, steps } : undefined;
}

/** §2.1.3.2: does `proof` show the leaf with `leafHash` at `index` in the tree of `size` leaves with `root`? */
export async function verifyInclusion(
  hasher: TreeHasher,
  index: number,
  size: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  const computed = await rootFromInclusionProof(hasher, index, size, leafHash, proof);
  return computed !== undefined && equalBytes(computed.root, root);
}

/**
 * §2.1.4.2 up to its last comparisons: the roots of the trees of size1 and size2 leaves that `proof` leads to,
 * given the earlier root (which the proof leaves out when size1 is a power of two). Undefined when the proof
 * cannot belong to those sizes. Equal sizes need an empty proof: both roots are then the earlier one.
 */
export async function rootsFromConsistencyProof(
  hasher: TreeHasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
): Promise<{ root1: Bytes; root2: Bytes } | undefined> {
  // A proof from the empty tree is meaningless: every tree extends it.
  if (!isSize(size1) || !isSize(size2) || size1 === 0 || size2 < size1) return undefined;
  // The same tree: nothing to prove but that the two roots are one (as the transparency-dev vectors require).
  if (size1 === size2)
    return proof.length === 0 ? { root1: concatBytes(root1), root2: concatBytes(root1) } : undefined;
  if (root1.length !== HASH_SIZE || proof.some((p) => p.length !== HASH_SIZE)) return undefined;
  if (proof.length === 0) return undefined;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Bytes = concatBytes(path[0]!);
  let sr: Bytes = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return undefined;
    if (isOdd(fn) || fn === sn) {
      fr = await hasher.hashChildren(c, fr);
      sr = await hasher.hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = await hasher.hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? { root1: fr, root2: sr } : undefined;
}

/** §2.1.4.2: does `proof` show that the tree of size1 leaves with root1 is a prefix of the one of size2 with root2? */
export async function verifyConsistency(
  hasher: TreeHasher,
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): Promise<boolean> {
  const computed = await rootsFromConsistencyProof(hasher, size1, size2, proof, root1);
  return computed !== undefined && equalBytes(computed.root1, root1) && equalBytes(computed.root2, root2);
}
