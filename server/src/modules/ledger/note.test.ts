import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rangeHashes, treeHasher } from './merkle.ts';
import {
  formatCheckpoint,
  NoteError,
  openNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  signerFromSeed,
  signNote,
} from './note.ts';

const DATA = path.join(import.meta.dirname, 'testdata');
const vectors = JSON.parse(readFileSync(path.join(DATA, 'signed_note_vectors.json'), 'utf8')) as {
  vectors: { vkey: string; skey?: string; note?: string; text: string; signature_line?: string }[];
  bad_vkeys_must_reject: string[];
};
const [example, peter, enoch] = vectors.vectors as [
  (typeof vectors.vectors)[number],
  (typeof vectors.vectors)[number],
  (typeof vectors.vectors)[number],
];

describe('C2SP signed notes', () => {
  it('verifies the specification example', () => {
    const opened = openNote(example.note!, [parseVerifierKey(example.vkey)]);
    expect(opened).toEqual({ text: example.text, verifiedBy: ['example.com/foo'], unknownSignatures: 0 });
  });

  it('signs byte for byte like the Go implementation', () => {
    const signer = parseSignerKey(peter.skey!);
    expect(signer.encoded).toBe(peter.vkey);
    expect(signNote(peter.text, signer)).toBe(peter.note);
  });

  it('ignores signatures from keys it does not trust, and counts them', () => {
    const both = `${peter.note!}${enoch.signature_line!}`;
    expect(openNote(both, [parseVerifierKey(peter.vkey)])).toMatchObject({
      verifiedBy: ['PeterNeumann'],
      unknownSignatures: 1,
    });
    expect(openNote(both, [parseVerifierKey(peter.vkey), parseVerifierKey(enoch.vkey)]).verifiedBy).toEqual([
      'PeterNeumann',
      'EnochRoot',
    ]);
  });

  it('rejects bad verifier keys', () => {
    for (const bad of vectors.bad_vkeys_must_reject) expect(() => parseVerifierKey(bad)).toThrow(NoteError);
  });

  it('rejects malformed notes and altered text', () => {
    const key = [parseVerifierKey(peter.vkey)];
    const note = peter.note!;
    expect(() => openNote(note.replace('\n\n', '\n'), key)).toThrow(NoteError); // no blank line
    expect(() => openNote(note.slice(0, -1), key)).toThrow(NoteError); // no final newline
    expect(() => openNote(`\u0001${note}`, key)).toThrow(NoteError); // control byte in the text
    expect(() => openNote(`${note}not a signature\n`, key)).toThrow(NoteError);
    expect(() => openNote(note + enoch.signature_line!.repeat(100), key)).toThrow(NoteError); // over 100 signatures
    expect(() => openNote(note.replace('cryptography', 'cryptographY'), key)).toThrow(/does not verify/);
  });

  it('any signed text round-trips, and any single-bit change to a signature is caught', () => {
    const signer = signerFromSeed('liutong.test/log', new Uint8Array(32).fill(7));
    const verifier = parseVerifierKey(signer.encoded);
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9 .\n]{0,60}$/).map((s) => `${s}\n`),
        fc.nat(63 * 8),
        (text, bit) => {
          const note = signNote(text, signer);
          expect(openNote(note, [verifier]).verifiedBy).toEqual(['liutong.test/log']);
          const line = note.slice(note.lastIndexOf('\n\n') + 2);
          const raw = Buffer.from(line.slice(line.lastIndexOf(' ') + 1, -1), 'base64');
          raw[4 + Math.floor(bit / 8)]! ^= 1 << (bit % 8);
          const tampered = `${note.slice(0, note.lastIndexOf(' ') + 1)}${raw.toString('base64')}\n`;
          expect(() => openNote(tampered, [verifier])).toThrow(NoteError);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('the Tessera test log', () => {
  const vkey = parseVerifierKey(
    'example.com/log/testdata+33d7b496+AeHTu4Q3hEIMHNqc6fASMsq3rKNx280NI+oO5xCFkkSx',
  );
  const entries = 'one two three four five six seven eit nain ten ileven twelf threeten fourten fivten'.split(
    ' ',
  );
  const sha256 = treeHasher('sha256');
  const range = rangeHashes(
    sha256,
    entries.map((e) => sha256.hashLeaf(new TextEncoder().encode(e))),
  );

  it.each([...Array(16).keys()].map((i) => `checkpoint.${i}`).concat('checkpoint'))(
    '%s verifies and its root is ours',
    (file) => {
      const note = readFileSync(path.join(DATA, 'tessera', file), 'utf8');
      const opened = openNote(note, [vkey]);
      expect(opened.verifiedBy).toEqual(['example.com/log/testdata']);
      const checkpoint = parseCheckpoint(opened.text);
      expect(checkpoint.origin).toBe('example.com/log/testdata');
      expect(Buffer.from(checkpoint.root).toString('hex')).toBe(
        Buffer.from(range(0, checkpoint.size)).toString('hex'),
      );
      expect(formatCheckpoint(checkpoint)).toBe(opened.text);
    },
  );

  it('rejects malformed checkpoints', () => {
    const root = Buffer.alloc(32).toString('base64');
    for (const bad of [
      '',
      'origin\n',
      `o\n-1\n${root}\n`,
      `o\n01\n${root}\n`,
      `o\n1\nAAAA\n`,
      `o\n1\n${root}`,
      `\n1\n${root}\n`,
    ]) {
      expect(() => parseCheckpoint(bad), JSON.stringify(bad)).toThrow(NoteError);
    }
  });
});
