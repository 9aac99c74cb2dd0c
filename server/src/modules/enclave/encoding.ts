// Text encodings of uploaded files for the ingestion (ingest.ts): GB 18030 (GBK) transcoded to UTF-8 by streaming,
// and, when decoding fails, the offset and line of the first byte that is invalid in UTF-8 or in GB 18030.
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

export interface BadByte {
  /** 0-based byte offset in the file. */
  offset: number;
  /** 1-based line of that byte. */
  line: number;
}

const CHUNK = 1 << 20;

/** Reads a file in chunks, handing each to `visit` with its offset; `visit` returns false to stop. */
async function eachChunk(file: string, visit: (chunk: Buffer, offset: number) => boolean): Promise<void> {
  const stream = createReadStream(file, { highWaterMark: CHUNK });
  let offset = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!visit(chunk, offset)) break;
      offset += chunk.length;
    }
  } finally {
    stream.destroy();
  }
}

/**
 * A byte-level validator: `step` takes one byte and returns false at the first invalid one; `end` says whether
 * the input may end here. Line ends are 0x0A, which is never part of a multi-byte sequence in UTF-8 or GB 18030.
 */
interface Validator {
  step(b: number): boolean;
  /** Where the sequence being read started, so an error names its first byte. */
  readonly sequenceStart: number;
  end(): boolean;
}

async function firstInvalid(file: string, make: (at: () => number) => Validator): Promise<BadByte | null> {
  let position = 0;
  let line = 1;
  const validator = make(() => position);
  let bad: BadByte | null = null;
  await eachChunk(file, (chunk) => {
    for (let i = 0; i < chunk.length; i++, position++) {
      const b = chunk[i]!;
      // A failing byte is never past a line end of its sequence: 0x0A cannot continue a sequence.
      if (!validator.step(b)) {
        bad = { offset: validator.sequenceStart, line };
        return false;
      }
      if (b === 0x0a) line++;
    }
    return true;
  });
  if (bad) return bad;
  if (!validator.end()) return { offset: validator.sequenceStart, line };
  return null;
}

/** UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing above U+10FFFF. */
function utf8Validator(at: () => number): Validator {
  let need = 0;
  let low = 0x80;
  let high = 0xbf;
  let start = 0;
  return {
    get sequenceStart() {
      return start;
    },
    step(b) {
      if (need === 0) {
        start = at();
        if (b < 0x80) return true;
        if (b >= 0xc2 && b <= 0xdf) need = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          need = 2;
          low = b === 0xe0 ? 0xa0 : 0x80;
          high = b === 0xed ? 0x9f : 0xbf;
          return true;
        } else if (b >= 0xf0 && b <= 0xf4) {
          need = 3;
          low = b === 0xf0 ? 0x90 : 0x80;
          high = b === 0xf4 ? 0x8f : 0xbf;
          return true;
        } else return false;
        low = 0x80;
        high = 0xbf;
        return true;
      }
      if (b < low || b > high) return false;
      low = 0x80;
      high = 0xbf;
      need--;
      return true;
    },
    end: () => need === 0,
  };
}

/**
 * GB 18030 as the WHATWG Encoding Standard decodes it (TextDecoder('gb18030')): ASCII, 0x80 (€), two-byte
 * sequences with a lead 0x81–0xFE, and four-byte sequences whose pointer lies in the mapped ranges.
 */
function gb18030Validator(at: () => number): Validator {
  const bytes: number[] = [];
  let start = 0;
  return {
    get sequenceStart() {
      return start;
    },
    step(b) {
      if (bytes.length === 0) {
        start = at();
        if (b <= 0x80) return true;
        if (b === 0xff) return false;
        bytes.push(b);
        return true;
      }
      if (bytes.length === 1) {
        if (b >= 0x30 && b <= 0x39) {
          bytes.push(b);
          return true;
        }
        bytes.length = 0;
        return (b >= 0x40 && b <= 0x7e) || (b >= 0x80 && b <= 0xfe);
      }
      if (bytes.length === 2) {
        if (b < 0x81 || b > 0xfe) return false;
        bytes.push(b);
        return true;
      }
      if (b < 0x30 || b > 0x39) return false;
      const [b1, b2, b3] = bytes as [number, number, number];
      bytes.length = 0;
      const pointer = ((b1 - 0x81) * 10 + (b2 - 0x30)) * 1260 + (b3 - 0x81) * 10 + (b - 0x30);
      return pointer <= 39419 || (pointer >= 189000 && pointer <= 1237575);
    },
    end: () => bytes.length === 0,
  };
}

/** The 1-based line of the byte at `offset`. */
async function lineAt(file: string, offset: number): Promise<number> {
  let line = 1;
  await eachChunk(file, (chunk, at) => {
    const end = Math.min(chunk.length, offset - at);
    for (let i = 0; i < end; i++) if (chunk[i] === 0x0a) line++;
    return at + chunk.length < offset;
  });
  return line;
}

export const firstInvalidUtf8 = (file: string): Promise<BadByte | null> => firstInvalid(file, utf8Validator);
export const firstInvalidGb18030 = (file: string): Promise<BadByte | null> =>
  firstInvalid(file, gb18030Validator);

/** True when the bytes hold nothing but ASCII. */
export function isAscii(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b >= 0x80) return false;
  return true;
}

export class DecodeError extends Error {
  readonly at: BadByte;
  constructor(at: BadByte) {
    super(`invalid byte at offset ${at.offset} (line ${at.line})`);
    this.at = at;
  }
}

/**
 * Writes `source` (GB 18030) as UTF-8 into `target`, without a byte order mark, by streaming. Throws DecodeError
 * naming the first invalid byte. Line ends are kept, so line numbers in the target are those of the source.
 */
export async function transcodeGb18030(
  source: string,
  target: string,
  onBytes?: (bytes: number) => void,
): Promise<void> {
  const decoder = new TextDecoder('gb18030', { fatal: true });
  const input = createReadStream(source, { highWaterMark: CHUNK });
  const out = createWriteStream(target);
  let done = 0;
  let failed = false;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        failed = true;
        break;
      }
      done += chunk.length;
      if (!out.write(text)) await once(out, 'drain');
      onBytes?.(done);
    }
    if (!failed) {
      try {
        out.write(decoder.decode());
      } catch {
        failed = true;
      }
    }
    out.end();
    await finished(out);
  } finally {
    input.destroy();
    out.destroy();
  }
  if (failed)
    throw new DecodeError(
      (await firstInvalidGb18030(source)) ?? { offset: done, line: await lineAt(source, done) },
    );
}

/** Copies `source` to `target` without its first `skip` bytes (a byte order mark), by streaming. */
export async function copyWithout(source: string, target: string, skip: number): Promise<void> {
  const input = createReadStream(source, { start: skip, highWaterMark: CHUNK });
  const out = createWriteStream(target);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
    out.end();
    await finished(out);
  } finally {
    input.destroy();
    out.destroy();
  }
}
