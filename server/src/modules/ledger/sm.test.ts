// The gm suite against Botan's known answers: SM3 (GB/T 32905) and SM2 signatures (GB/T 32918.2).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { treeHasher } from './merkle.ts';
import {
  formatCheckpoint,
  generateSignerKey,
  NoteError,
  openNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signerFromSeed,
  signNote,
  sm2Sign,
  sm2Verify,
} from './note.ts';

const BOTAN = path.join(import.meta.dirname, 'testdata/botan-sm');
// GB/T 32918.5's recommended curve, the only one SM2 as deployed (and sm-crypto-v2) uses.
const SM2_P = '0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF';

/** Botan's .vec format: `key = value` lines, blank-line separated records; header keys carry over. */
function vecRecords(file: string): Record<string, string>[] {
  const records: Record<string, string>[] = [];
  let header: Record<string, string> = {};
  let current: Record<string, string> = {};
  const flush = () => {
    if (current.Msg !== undefined || current.In !== undefined) records.push({ ...header, ...current });
    else header = { ...header, ...current };
    current = {};
  };
  for (const line of readFileSync(path.join(BOTAN, file), 'utf8').split('\n')) {
    const match = /^(\w+) = (.*)$/.exec(line.trim());
    if (match) current[match[1]!] = match[2]!;
    else if (line.trim() === '') flush();
  }
  flush();
  return records;
}

describe('SM3 (GB/T 32905)', () => {
  const records = vecRecords('sm3.vec');
  it(`matches all ${records.length} Botan known answers, and the tree hashes with it`, () => {
    expect(records.length).toBeGreaterThan(10);
    const sm3 = treeHasher('sm3');
    for (const r of records) {
      const input = Buffer.from(r.In!, 'hex');
      expect(createHash('sm3').update(input).digest('hex')).toBe(r.Out!.toLowerCase());
      expect(Buffer.from(sm3.hashLeaf(input)).toString('hex')).toBe(
        createHash('sm3')
          .update(Buffer.concat([Buffer.of(0), input]))
          .digest('hex'),
      );
    }
  });
});

describe('SM2 signatures (GB/T 32918.2)', () => {
  const records = vecRecords('sm2_sig.vec').filter((r) => r.P === SM2_P && r.Hash === 'SM3');
  it.each(records.map((r, i) => [i, r] as const))(
    'vector %i: our signer reproduces the known signature and our verifier accepts only it',
    (_, r) => {
      const privateHex = r.x!.slice(2).toLowerCase().padStart(64, '0');
      // The vector's key as a note signer, to derive its public key through our own code path.
      const pub = signerFromSeed('botan.test/sm2', Buffer.from(privateHex, 'hex'), {
        type: 'sm2',
      }).publicBytes.toString('hex');
      const message = Buffer.from(r.Msg!, 'hex');
      const signature = sm2Sign(message, privateHex, pub, r.Ident!, BigInt(`0x${r.Nonce!}`));
      expect(signature.toString('hex')).toBe(r.Signature!.toLowerCase());
      expect(sm2Verify(message, signature, pub, r.Ident!)).toBe(true);
      expect(sm2Verify(message, signature, pub, 'another@example.com')).toBe(false); // the ID is signed too
      expect(sm2Verify(Buffer.concat([message, Buffer.of(0)]), signature, pub, r.Ident!)).toBe(false);
      const flipped = Buffer.from(signature);
      flipped[63]! ^= 1;
      expect(sm2Verify(message, flipped, pub, r.Ident!)).toBe(false);
    },
  );
  it('has vectors to run', () => expect(records.length).toBeGreaterThan(0));
});

describe('SM2-signed notes and checkpoints', () => {
  const signer = parseSignerKey(generateSignerKey('liutong.test/gm', 'sm2'));
  const verifier = parseVerifierKey(signer.encoded);

  it('round-trips a checkpoint over an SM3 tree, with a key of signature type 0xff', () => {
    expect(signer.type).toBe('sm2');
    expect(Buffer.from(signer.encoded.split('+')[2]!, 'base64')[0]).toBe(0xff);
    const root = treeHasher('sm3').hashLeaf(Buffer.from('entry'));
    const note = signNote(
      formatCheckpoint({ origin: 'liutong.test/gm', size: 1, root, extensions: [] }),
      signer,
    );
    const opened = openNote(note, [verifier]);
    expect(opened.verifiedBy).toEqual(['liutong.test/gm']);
    expect(parseCheckpoint(opened.text).size).toBe(1);
    // An Ed25519 key of the same name is another key: its signature line is not the SM2 key's.
    const ed = parseSignerKey(generateSignerKey('liutong.test/gm', 'ed25519'));
    expect(ed.id.equals(signer.id)).toBe(false);
    expect(openNote(note, [parseVerifierKey(ed.encoded)]).verifiedBy).toEqual([]);
  });

  it('rejects a verifier key whose point is not on the curve', () => {
    const raw = Buffer.from(signer.encoded.split('+')[2]!, 'base64');
    raw[raw.length - 1]! ^= 1;
    const name = 'liutong.test/gm';
    expect(() => parseVerifierKey(`${name}+00000000+${raw.toString('base64')}`)).toThrow(NoteError);
  });

  it('any single-bit change to an SM2 signature is caught', () => {
    const note = signNote('liutong.test/gm\n1\n' + Buffer.alloc(32).toString('base64') + '\n', signer);
    fc.assert(
      fc.property(fc.nat(63 * 8), (bit) => {
        const line = note.slice(note.lastIndexOf('\n\n') + 2);
        const raw = Buffer.from(line.slice(line.lastIndexOf(' ') + 1, -1), 'base64');
        raw[4 + Math.floor(bit / 8)]! ^= 1 << (bit % 8);
        const tampered = `${note.slice(0, note.lastIndexOf(' ') + 1)}${raw.toString('base64')}\n`;
        expect(() => openNote(tampered, [verifier])).toThrow(NoteError);
      }),
      { numRuns: 30 },
    );
  });
});
