// The first bad line of a JSON-lines file, for the ingestion's error messages (ingest.ts): runs only when DuckDB has
// refused the file, whose own messages count lines differently and do not say why a line is not an object.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface JsonLinesProblem {
  /** 1-based line. */
  line: number;
  message: string;
}

export async function findJsonLinesProblem(file: string): Promise<JsonLinesProblem | null> {
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const raw of lines) {
      n++;
      const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { line: n, message: `line ${n} is not valid JSON (${reason})` };
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        return { line: n, message: `line ${n} is not a JSON object: each line must hold one object` };
    }
    return null;
  } finally {
    lines.close();
    input.destroy();
  }
}
