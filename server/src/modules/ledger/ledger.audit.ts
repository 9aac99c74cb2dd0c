// `liutong ledger audit`: mirrors a whole log over its public API and checks it against its signed checkpoint.
import { readFileSync, writeFileSync } from 'node:fs';
import { treeHasher, verifyConsistency, type TreeHasher } from './merkle.ts';
import {
  NoteError,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  type Checkpoint,
  type NoteVerifier,
} from './note.ts';

/** The root of a growing list of leaves: keeps one pending subtree hash per set bit of the size. */
export class RootAccumulator {
  readonly #hasher: TreeHasher;
  readonly #pending: (Uint8Array | undefined)[] = []; // pending[level], when that bit of the size is set
  size = 0;

  constructor(hasher: TreeHasher) {
    this.#hasher = hasher;
  }

  push(leafHash: Uint8Array): void {
    let hash = leafHash;
    let level = 0;
    let n = this.size;
    while (n % 2 === 1) {
      hash = this.#hasher.hashChildren(this.#pending[level]!, hash);
      this.#pending[level] = undefined;
      level++;
      n = Math.floor(n / 2);
    }
    this.#pending[level] = hash;
    this.size++;
  }

  root(): Uint8Array {
    let root: Uint8Array | undefined;
    this.#pending.forEach((h) => {
      if (h) root = root ? this.#hasher.hashChildren(h, root) : h;
    });
    return root ?? this.#hasher.emptyRoot();
  }
}

export class AuditFailure extends Error {}

export interface AuditOptions {
  url: string;
  /** A checkpoint saved by an earlier audit: the log must have grown from it. */
  earlier?: string | undefined;
  /** Verifier keys to trust; when absent, the keys the log serves (weaker: say so). */
  keys?: string[] | undefined;
  fetch?: typeof fetch;
  log?: (line: string) => void;
  pageSize?: number;
}

export interface AuditReport {
  origin: string;
  size: number;
  root: string;
  note: string;
  hash: 'sha256' | 'sm3';
  signedBy: string[];
  pinnedKeys: boolean;
  earlierSize?: number;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Runs the audit; throws AuditFailure naming the first mismatch. */
export async function auditLog(options: AuditOptions): Promise<AuditReport> {
  const get = options.fetch ?? fetch;
  const base = `${options.url.replace(/\/+$/, '')}/api/v1/ledger`;
  const log = options.log ?? (() => undefined);
  async function fetchOk(path: string): Promise<Response> {
    let res: Response;
    try {
      res = await get(`${base}${path}`);
    } catch (error) {
      throw new AuditFailure(`cannot reach ${base}${path}: ${(error as Error).message}`);
    }
    if (!res.ok) throw new AuditFailure(`${base}${path} answered ${res.status}`);
    return res;
  }

  const info = (await (await fetchOk('/public-key')).json()) as {
    origin: string;
    hash: 'sha256' | 'sm3';
    verifierKey: string;
    keys?: { verifierKey: string }[];
  };
  if (info.hash !== 'sha256' && info.hash !== 'sm3')
    throw new AuditFailure(`unknown tree hash ${String(info.hash)}`);
  const hasher = treeHasher(info.hash);
  let trusted: NoteVerifier[];
  try {
    trusted = (
      options.keys ?? [...new Set([info.verifierKey, ...(info.keys ?? []).map((k) => k.verifierKey)])]
    ).map((k) => parseVerifierKey(k));
  } catch (error) {
    throw new AuditFailure(`bad verifier key: ${(error as Error).message}`);
  }
  if (!options.keys) log('warning: trusting the keys the log itself serves; pin them with --key');

  const open = (note: string, what: string): Checkpoint => {
    try {
      const opened = openNote(note, trusted);
      if (!opened.verifiedBy.length) throw new AuditFailure(`${what} is not signed by a trusted key`);
      const c = parseCheckpoint(opened.text);
      if (c.origin !== info.origin)
        throw new AuditFailure(`${what} names origin ${c.origin}, the log is ${info.origin}`);
      return c;
    } catch (error) {
      if (error instanceof NoteError) throw new AuditFailure(`${what}: ${error.message}`);
      throw error;
    }
  };

  const note = await (await fetchOk('/checkpoint')).text();
  const latest = open(note, 'the checkpoint');
  const earlier = options.earlier === undefined ? undefined : open(options.earlier, 'the earlier checkpoint');
  if (earlier && earlier.size > latest.size)
    throw new AuditFailure(`the log shrank: size ${earlier.size} earlier, ${latest.size} now`);

  // Download every entry up to the checkpoint's size, recompute each leaf hash and the root.
  const acc = new RootAccumulator(hasher);
  let earlierRoot: Uint8Array | undefined = earlier?.size === 0 ? hasher.emptyRoot() : undefined;
  const page = options.pageSize ?? 1000;
  while (acc.size < latest.size) {
    const end = Math.min(acc.size + page, latest.size);
    const rows = (await (await fetchOk(`/entries?start=${acc.size}&end=${end}`)).json()) as {
      index: number;
      body: string;
      leafHash: string;
    }[];
    if (!rows.length) throw new AuditFailure(`no entries served from index ${acc.size}`);
    for (const row of rows) {
      if (row.index !== acc.size) throw new AuditFailure(`expected entry ${acc.size}, got ${row.index}`);
      const leaf = hasher.hashLeaf(Buffer.from(row.body));
      if (hex(leaf) !== row.leafHash)
        throw new AuditFailure(
          `entry ${row.index}: its body hashes to ${hex(leaf)}, the log says ${row.leafHash}`,
        );
      acc.push(leaf);
      if (earlier && acc.size === earlier.size) earlierRoot = acc.root();
    }
    if (acc.size % (page * 100) === 0) log(`… ${acc.size} / ${latest.size} entries`);
  }
  const root = acc.root();
  if (hex(root) !== hex(latest.root))
    throw new AuditFailure(`the entries give root ${hex(root)}, the checkpoint says ${hex(latest.root)}`);

  if (earlier) {
    if (hex(earlierRoot!) !== hex(earlier.root))
      throw new AuditFailure(
        `the first ${earlier.size} entries give root ${hex(earlierRoot!)}, the earlier checkpoint says ${hex(earlier.root)}: the log was rewritten`,
      );
    if (earlier.size > 0 && earlier.size < latest.size) {
      const proof = (await (
        await fetchOk(`/proofs/consistency?from=${earlier.size}&to=${latest.size}`)
      ).json()) as {
        proof: string[];
      };
      const hashes = proof.proof.map((h) => new Uint8Array(Buffer.from(h, 'hex')));
      if (!verifyConsistency(hasher, earlier.size, latest.size, hashes, earlier.root, latest.root))
        throw new AuditFailure(`the consistency proof ${earlier.size} → ${latest.size} does not verify`);
    }
  }
  return {
    origin: latest.origin,
    size: latest.size,
    root: hex(latest.root),
    note,
    hash: info.hash,
    signedBy: trusted.filter((k) => note.includes(`\u2014 ${k.name} `)).map((k) => k.encoded),
    pinnedKeys: Boolean(options.keys),
    ...(earlier && { earlierSize: earlier.size }),
  };
}

/** The CLI's wrapper: reads and writes the checkpoint files, prints the summary, sets the exit code. */
export async function runAudit(o: { url: string; checkpoint?: string; save?: string; key?: string[] }) {
  let earlier: string | undefined;
  if (o.checkpoint) {
    try {
      earlier = readFileSync(o.checkpoint, 'utf8');
    } catch (error) {
      console.error(`liutong: cannot read ${o.checkpoint}: ${(error as Error).message}`);
      process.exitCode = 2;
      return;
    }
  }
  const started = Date.now();
  try {
    const report = await auditLog({
      url: o.url,
      earlier,
      keys: o.key?.length ? o.key : undefined,
      log: (line) => console.error(line),
    });
    console.log(`valid: ${report.origin}`);
    console.log(`  size        ${report.size} entries, every leaf recomputed`);
    console.log(`  root        ${report.root} (${report.hash})`);
    console.log(
      `  signed by   ${report.signedBy.join(', ')}${report.pinnedKeys ? '' : ' (served by the log)'}`,
    );
    if (report.earlierSize !== undefined)
      console.log(`  consistent  with the earlier checkpoint of size ${report.earlierSize}`);
    console.log(`  took        ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (o.save) writeFileSync(o.save, report.note);
    process.exitCode = 0;
  } catch (error) {
    if (!(error instanceof AuditFailure)) throw error;
    console.log(`invalid: ${error.message}`);
    process.exitCode = 1;
  }
}
