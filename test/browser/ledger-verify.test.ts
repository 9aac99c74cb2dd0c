// The console's in-browser ledger verifiers (console/src/ledger), run here under Node's WebCrypto against the
// server's Merkle tree and note signer: published vectors, random trees, signed notes; any change is refused.
// It lives with the browser tests because the unit-test config covers server/ and test/ but not console/.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { sm2 } from 'sm-crypto-v2';
import { describe, expect, it } from 'vitest';
import { concatBytes, fromBase64, toBase64, toHex, utf8 } from '../../console/src/ledger/bytes.ts';
import {
  hashAlgorithm,
  rootFromInclusionProof,
  treeHasher,
  verifyConsistency,
  verifyInclusion,
  type HashAlgorithm,
} from '../../console/src/ledger/merkle.ts';
import {
  checkNoteSignature,
  NoteError,
  parseCheckpoint,
  parseSignedNote,
  parseVerifierKey,
} from '../../console/src/ledger/note.ts';
import {
  consistencyProof,
  encodeSignerKey,
  inclusionProof,
  parseSignerKey,
  rangeHashes,
  signNote,
  treeHasher as serverHasher,
} from '../../server/src/modules/ledger/index.ts';

const DATA = path.resolve(import.meta.dirname, '../../server/src/modules/ledger/testdata');
const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

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

/** The same bytes with one bit flipped. */
const flip = (b: Uint8Array, bit: number) => {
  const c = Uint8Array.from(b);
  c[Math.floor(bit / 8) % c.length]! ^= 1 << (bit % 8);
  return c;
};

describe('the tree hash a log names', () => {
  it('is SHA-256 by default and for the international suite, SM3 for the national one, and nothing unknown', () => {
    expect(hashAlgorithm(undefined)).toBe('sha256');
    expect(hashAlgorithm('sha256')).toBe('sha256');
    expect(hashAlgorithm('intl')).toBe('sha256');
    expect(hashAlgorithm('SM3')).toBe('sm3');
    expect(hashAlgorithm('gm')).toBe('sm3');
    expect(hashAlgorithm('sha3-256')).toBeUndefined();
  });

  for (const algorithm of ['sha256', 'sm3'] as const) {
    it(`${algorithm}: leaf and node hashes equal the server's`, async () => {
      const mine = treeHasher(algorithm);
      const server = serverHasher(algorithm);
      await fc.assert(
        fc.asyncProperty(
          fc.uint8Array({ maxLength: 200 }),
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          async (data, other) => {
            expect(toHex(await mine.hashLeaf(data))).toBe(toHex(server.hashLeaf(data)));
            expect(toHex(await mine.hashChildren(data, other))).toBe(toHex(server.hashChildren(data, other)));
          },
        ),
        { numRuns: 50 },
      );
    });
  }
});

describe('RFC 9162 proofs against the transparency-dev/merkle vectors', () => {
  const sha256 = treeHasher('sha256');

  it('decides every published inclusion vector as published', async () => {
    const all = vectors('inclusion');
    expect(all.length).toBe(98);
    for (const [name, v] of all) {
      const ok = await verifyInclusion(
        sha256,
        v.leafIdx as number,
        v.treeSize as number,
        b64(v.leafHash as string),
        ((v.proof as string[] | null) ?? []).map(b64),
        b64(v.root as string),
      );
      expect(ok, name).toBe(!v.wantErr);
    }
  });

  it('decides every published consistency vector as published', async () => {
    const all = vectors('consistency');
    expect(all.length).toBe(98);
    for (const [name, v] of all) {
      const ok = await verifyConsistency(
        sha256,
        v.size1 as number,
        v.size2 as number,
        ((v.proof as string[] | null) ?? []).map(b64),
        b64(v.root1 as string),
        b64(v.root2 as string),
      );
      expect(ok, name).toBe(!v.wantErr);
    }
  });
});

describe("the server's proofs of random trees (property tests)", () => {
  // Distinct entries: with duplicates another index may rightly verify with the same proof.
  const tree = fc.uniqueArray(fc.uint8Array({ maxLength: 16 }), {
    minLength: 1,
    maxLength: 70,
    selector: (e) => toHex(e),
  });

  function serverTree(algorithm: HashAlgorithm, entries: Uint8Array[]) {
    const hasher = serverHasher(algorithm);
    return rangeHashes(
      hasher,
      entries.map((e) => hasher.hashLeaf(e)),
    );
  }

  for (const algorithm of ['sha256', 'sm3'] as const) {
    const hasher = treeHasher(algorithm);

    it(`${algorithm}: an inclusion proof verifies from the entry's bytes; any change to it is refused`, async () => {
      await fc.assert(
        fc.asyncProperty(tree, fc.nat(), fc.nat(255), async (entries, pick, bit) => {
          const range = serverTree(algorithm, entries);
          const size = entries.length;
          const root = range(0, size);
          const i = pick % size;
          const proof = inclusionProof(i, size, range);
          // What the page does: the leaf hash from the entry's bytes, then the path up to the checkpoint's root.
          const leaf = await hasher.hashLeaf(entries[i]!);
          expect(toHex(leaf)).toBe(toHex(range(i, i + 1)));
          const computed = await rootFromInclusionProof(hasher, i, size, leaf, proof);
          expect(computed && toHex(computed.root)).toBe(toHex(root));
          expect(computed!.steps.length).toBe(proof.length);

          expect(await verifyInclusion(hasher, i, size, flip(leaf, bit), proof, root)).toBe(false);
          expect(await verifyInclusion(hasher, i, size, leaf, proof, flip(root, bit))).toBe(false);
          const body = entries[i]!.length ? flip(entries[i]!, bit) : Uint8Array.of(0);
          expect(await verifyInclusion(hasher, i, size, await hasher.hashLeaf(body), proof, root)).toBe(
            false,
          );
          if (proof.length) {
            const at = pick % proof.length;
            const bad = proof.map((p, j) => (j === at ? flip(p, bit) : p));
            expect(await verifyInclusion(hasher, i, size, leaf, bad, root)).toBe(false);
            expect(await verifyInclusion(hasher, i, size, leaf, proof.slice(1), root)).toBe(false);
          }
          expect(await verifyInclusion(hasher, i, size, leaf, [...proof, root], root)).toBe(false);
          if (size > 1)
            expect(await verifyInclusion(hasher, (i + 1) % size, size, leaf, proof, root)).toBe(false);
        }),
        { numRuns: 40 },
      );
    });

    it(`${algorithm}: a consistency proof verifies; other sizes, roots or nodes are refused`, async () => {
      await fc.assert(
        fc.asyncProperty(tree, fc.nat(), fc.nat(), fc.nat(255), async (entries, a, b, bit) => {
          const range = serverTree(algorithm, entries);
          const size2 = 1 + (a % entries.length);
          const size1 = 1 + (b % size2);
          const proof = consistencyProof(size1, size2, range);
          const [r1, r2] = [range(0, size1), range(0, size2)];
          expect(await verifyConsistency(hasher, size1, size2, proof, r1, r2)).toBe(true);
          expect(await verifyConsistency(hasher, size1, size2, proof, flip(r1, bit), r2)).toBe(false);
          expect(await verifyConsistency(hasher, size1, size2, proof, r1, flip(r2, bit))).toBe(false);
          if (size1 === size2) return;
          const at = a % proof.length;
          const bad = proof.map((p, j) => (j === at ? flip(p, bit) : p));
          expect(await verifyConsistency(hasher, size1, size2, bad, r1, r2)).toBe(false);
          expect(await verifyConsistency(hasher, size1, size2, proof.slice(0, -1), r1, r2)).toBe(false);
          expect(await verifyConsistency(hasher, size1, size2, [...proof, r1], r1, r2)).toBe(false);
          expect(await verifyConsistency(hasher, size2, size1, proof, r2, r1)).toBe(false);
          // The same proof for a wrong earlier size: the roots of those sizes do not come out of it.
          if (size1 > 1)
            expect(await verifyConsistency(hasher, size1 - 1, size2, proof, range(0, size1 - 1), r2)).toBe(
              false,
            );
        }),
        { numRuns: 40 },
      );
    });
  }

  it('refuses sizes and indexes out of range without throwing', async () => {
    const sha256 = treeHasher('sha256');
    const h = new Uint8Array(32);
    expect(await verifyInclusion(sha256, 5, 5, h, [], h)).toBe(false);
    expect(await verifyInclusion(sha256, -1, 5, h, [], h)).toBe(false);
    expect(await verifyInclusion(sha256, 0, 2 ** 60, h, [], h)).toBe(false);
    expect(await verifyInclusion(sha256, 0, 1, new Uint8Array(31), [], h)).toBe(false);
    expect(await verifyConsistency(sha256, 0, 5, [h], h, h)).toBe(false);
    expect(await verifyConsistency(sha256, 6, 5, [h], h, h)).toBe(false);
    expect(await verifyConsistency(sha256, 3, 5, [], h, h)).toBe(false);
  });
});

describe('signed notes and checkpoints', () => {
  const notes = JSON.parse(readFileSync(path.join(DATA, 'signed_note_vectors.json'), 'utf8')) as {
    vectors: { vkey: string; note?: string; text: string }[];
    bad_vkeys_must_reject: string[];
  };

  it('verifies the published C2SP and Go notes, and refuses their text changed', async () => {
    for (const v of notes.vectors.filter((v) => v.note)) {
      const key = await parseVerifierKey(v.vkey);
      const note = parseSignedNote(v.note!);
      expect(note.text).toBe(v.text);
      expect(await checkNoteSignature(note, key)).toBe('valid');
      expect(await checkNoteSignature({ ...note, text: note.text.replace(/.\n$/, '!\n') }, key)).toBe(
        'invalid',
      );
    }
    for (const bad of notes.bad_vkeys_must_reject)
      await expect(parseVerifierKey(bad)).rejects.toThrow(NoteError);
  });

  it('verifies all 16 checkpoints of the Tessera test log and reads their sizes', async () => {
    const key = await parseVerifierKey(
      'example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx',
    );
    for (let n = 0; n <= 15; n++) {
      const note = parseSignedNote(readFileSync(path.join(DATA, `tessera/checkpoint.${n}`), 'utf8'));
      expect(await checkNoteSignature(note, key), `checkpoint.${n}`).toBe('valid');
      const checkpoint = parseCheckpoint(note.text);
      expect(checkpoint.origin).toBe('example.com/log/testdata');
      expect(checkpoint.size).toBe(n);
    }
  });

  it("verifies the server's Ed25519 checkpoints; a changed size or another key's note is refused", async () => {
    const root = new Uint8Array(32).fill(7);
    const signer = parseSignerKey(encodeSignerKey('liutong.test/ledger', new Uint8Array(32).fill(1)));
    const other = parseSignerKey(encodeSignerKey('liutong.test/ledger', new Uint8Array(32).fill(2)));
    const text = `liutong.test/ledger\n42\n${toBase64(root)}\n`;
    const key = await parseVerifierKey(signer.encoded);
    const note = parseSignedNote(signNote(text, signer));
    expect(await checkNoteSignature(note, key)).toBe('valid');
    expect(parseCheckpoint(note.text)).toMatchObject({ origin: 'liutong.test/ledger', size: 42, root });
    expect(await checkNoteSignature({ ...note, text: text.replace('\n42\n', '\n43\n') }, key)).toBe(
      'invalid',
    );
    expect(await checkNoteSignature(parseSignedNote(signNote(text, other)), key)).toBe('unsigned');
  });

  it("verifies Liutong SM2 note signatures (the national suite's key type)", async () => {
    const { publicKey, privateKey } = sm2.generateKeyPairHex();
    const name = 'liutong.test/gm';
    const type = concatBytes(
      Uint8Array.of(0xff),
      new Uint8Array(
        await crypto.subtle.digest(
          'SHA-256',
          utf8('liutong signed-note signature: SM2 with SM3 per GB/T 32918.2, user ID 1234567812345678'),
        ),
      ),
    );
    const publicBytes = Uint8Array.from(Buffer.from(publicKey, 'hex'));
    const id = new Uint8Array(
      await crypto.subtle.digest('SHA-256', concatBytes(utf8(`${name}\n`), type, publicBytes)),
    ).slice(0, 4);
    const key = await parseVerifierKey(`${name}+${toHex(id)}+${toBase64(concatBytes(type, publicBytes))}`);
    expect(key.type).toBe('sm2');
    const text = `${name}\n7\n${toBase64(new Uint8Array(32))}\n`;
    const signature = sm2.doSignature(utf8(text), privateKey, {
      hash: true,
      publicKey,
      userId: '1234567812345678',
    });
    const note = parseSignedNote(
      `${text}\n\u2014 ${name} ${toBase64(concatBytes(id, Buffer.from(signature, 'hex')))}\n`,
    );
    expect(await checkNoteSignature(note, key)).toBe('valid');
    expect(await checkNoteSignature({ ...note, text: text.replace('\n7\n', '\n8\n') }, key)).toBe('invalid');
  });

  it('refuses malformed notes, checkpoints and hashes', () => {
    expect(() => parseSignedNote('no blank line\n\u2014 k AAAAAAAA\n')).toThrow(NoteError);
    expect(() => parseSignedNote('text\n\n\u2014 k AAAAAAAA')).toThrow(NoteError);
    expect(() => parseSignedNote('text\n\n\u2014 k AAAA\n')).toThrow(NoteError);
    expect(() => parseSignedNote('te\u0001xt\n\n\u2014 k AAAAAAAA\n')).toThrow(NoteError);
    expect(() => parseCheckpoint('origin\n01\nAAAA\n')).toThrow(NoteError);
    expect(() => parseCheckpoint(`origin\n1\n${toBase64(new Uint8Array(31))}\n`)).toThrow(NoteError);
    expect(fromBase64('AAA')).toBeUndefined();
    expect(fromBase64('AB==')).toBeUndefined(); // not the canonical spelling of its byte
  });
});
