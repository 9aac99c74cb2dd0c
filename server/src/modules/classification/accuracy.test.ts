// Precision and recall of the column classifier on a labelled corpus of realistic Chinese tables with decoys:
// at least 0.95 for every type (issue 4). Several seeds, so that no single draw flatters the classifier.
import { describe, expect, it } from 'vitest';
import { classifyColumn } from './classify.ts';
import { generateCorpus } from './corpus.ts';
import { PII_TYPES, type PiiType } from './detectors.ts';

interface Score {
  tp: number;
  fp: number;
  fn: number;
  misses: string[];
}

function score(seeds: number[]): Record<PiiType, Score> {
  const scores = {} as Record<PiiType, Score>;
  for (const t of PII_TYPES) scores[t] = { tp: 0, fp: 0, fn: 0, misses: [] };
  for (const seed of seeds) {
    for (const column of generateCorpus(seed)) {
      const found = new Set(classifyColumn(column.name, column.values).types.map((t) => t.type));
      for (const type of PII_TYPES) {
        const s = scores[type];
        if (column.label === type && found.has(type)) s.tp++;
        else if (column.label === type) {
          s.fn++;
          s.misses.push(`missed ${column.name}: ${column.values.slice(0, 3).join(' | ')}`);
        } else if (found.has(type)) {
          s.fp++;
          s.misses.push(
            `false ${column.name} (${column.label ?? 'decoy'}): ${column.values.slice(0, 3).join(' | ')}`,
          );
        }
      }
    }
  }
  return scores;
}

describe('column classifier accuracy', () => {
  const scores = score([1, 2, 3, 4, 5]);
  it.each(PII_TYPES.map((t) => [t]))('%s: precision and recall ≥ 0.95', (type) => {
    const s = scores[type];
    const precision = s.tp / Math.max(1, s.tp + s.fp);
    const recall = s.tp / Math.max(1, s.tp + s.fn);
    expect(s.tp).toBeGreaterThan(0);
    expect({ precision, recall, misses: s.misses.slice(0, 5) }).toMatchObject({
      precision: expect.toSatisfy((p: number) => p >= 0.95) as unknown,
      recall: expect.toSatisfy((r: number) => r >= 0.95) as unknown,
    });
  });
});
