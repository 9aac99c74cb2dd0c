// Chinese full-text search without a segmenter: text is indexed as single CJK characters and CJK bigrams
// (the approach of Lucene's CJK analyzer), plus lower-cased words of other scripts. A query matches when every
// bigram of each CJK run (or the character of a one-character run) and every other word (as a prefix) is present.
// Both sides go through PostgreSQL's tsvector/tsquery with lexemes given verbatim (`array_to_tsvector`), so no
// text-search configuration or locale of the server decides how Chinese is split.

const CJK = /[\p{Script=Han}\u3040-\u30ff\uac00-\ud7af]/u;
/** Runs of CJK characters, or of letters and digits of other scripts. */
const RUN = /[\p{Script=Han}\u3040-\u30ff\uac00-\ud7af]+|[\p{L}\p{N}]+/gu;
/** Lexemes longer than this are cut: PostgreSQL refuses lexemes over 2 KB, and nobody searches for such words. */
const MAX_WORD = 64;

function runs(text: string): string[] {
  return text.normalize('NFKC').toLowerCase().match(RUN) ?? [];
}

/** The terms of a text in order, repeats included: each CJK character and the pair it starts, other words whole. */
function* termSequence(text: string | null | undefined): Generator<string> {
  if (!text) return;
  for (const run of runs(text)) {
    if (CJK.test(run[0]!)) {
      const chars = [...run];
      for (let i = 0; i < chars.length; i++) {
        yield chars[i]!;
        if (i + 1 < chars.length) yield chars[i]! + chars[i + 1]!;
      }
    } else {
      yield run.slice(0, MAX_WORD);
    }
  }
}

/** The distinct lexemes a document is indexed under. */
export function indexTerms(...texts: (string | null | undefined)[]): string[] {
  const terms = new Set<string>();
  for (const text of texts) for (const term of termSequence(text)) terms.add(term);
  return [...terms];
}

/** PostgreSQL keeps at most 256 positions per lexeme, and none above 16,383. */
const MAX_POSITIONS = 256;
const MAX_POSITION = 16_383;

/**
 * Lexemes for the values a search filters on (domain, open level, grade, category, every level of the region,
 * holder). They start with `~`, which typed text never yields, so the text index narrows filtered searches too.
 */
export interface Facets {
  domain?: string | undefined;
  openLevel?: string | undefined;
  grade?: string | undefined;
  category?: string | undefined;
  /** A region filter's prefix (`regionPrefix`), or a resource's region code (indexed at every level). */
  region?: string | undefined;
  holder?: string | undefined;
}

export function facetTerms(f: Facets, of: 'document' | 'filter'): string[] {
  const terms: string[] = [];
  if (f.domain) terms.push(`~d:${f.domain}`);
  if (f.openLevel) terms.push(`~o:${f.openLevel}`);
  if (f.grade) terms.push(`~g:${f.grade}`);
  if (f.category) terms.push(`~c:${f.category}`);
  if (f.holder) terms.push(`~h:${f.holder}`);
  if (f.region) {
    if (of === 'filter') terms.push(`~r:${f.region}`);
    else {
      const code = f.region;
      const levels = new Set([
        code.slice(0, 2),
        code.slice(0, 4),
        code.slice(0, 6),
        code,
        regionPrefix(code),
      ]);
      for (const level of levels) terms.push(`~r:${level}`);
    }
  }
  return terms;
}

/** The tsquery text that needs every facet term (and the typed query, when there is one). */
export function withFacets(query: string | undefined, facets: readonly string[]): string | undefined {
  const parts = [...(query ? [`(${query})`] : []), ...facets.map(quote)];
  return parts.length ? parts.join(' & ') : undefined;
}

/**
 * A tsvector literal (cast with `::tsvector`) of a document: every term with its positions, the title's weighted
 * A, so that ts_rank puts title hits first and counts how often a term occurs; facet terms without positions.
 */
export function documentVector(doc: {
  title: string;
  body: (string | null | undefined)[];
  facets?: readonly string[];
}): string {
  const { title, body } = doc;
  const positions = new Map<string, string[]>();
  let position = 0;
  const add = (text: string | null | undefined, weight: string) => {
    for (const term of termSequence(text)) {
      position = Math.min(position + 1, MAX_POSITION);
      const list = positions.get(term) ?? [];
      if (list.length < MAX_POSITIONS) list.push(`${position}${weight}`);
      positions.set(term, list);
    }
  };
  add(title, 'A');
  for (const text of body) add(text, '');
  const facets = (doc.facets ?? []).filter((f) => !positions.has(f)).map(quote);
  return [...[...positions].map(([term, list]) => `${quote(term)}:${list.join(',')}`), ...facets].join(' ');
}

/** Quotes a lexeme for tsquery syntax: inside single quotes, with quotes and backslashes escaped. */
const quote = (term: string) => `'${term.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** A tsquery text matching any of the given lexemes (an empty query, matching nothing, for none). */
export const anyTermQuery = (terms: readonly string[]): string =>
  terms.length ? terms.map(quote).join(' | ') : "''";

/** Terms a demand is matched by: bigrams and words, not single characters, which match nearly everything. */
export const matchTerms = (...texts: (string | null | undefined)[]): string[] =>
  indexTerms(...texts).filter((t) => [...t].length >= 2);

/**
 * The tsquery text for what a person typed, or undefined when it holds nothing searchable.
 * `mode: 'all'` needs every term (search); `'any'` needs one (matching demands to resources).
 */
export function queryText(input: string, mode: 'all' | 'any' = 'all'): string | undefined {
  const parts: string[] = [];
  for (const run of runs(input)) {
    if (CJK.test(run[0]!)) {
      const chars = [...run];
      if (chars.length === 1) parts.push(quote(chars[0]!));
      for (let i = 0; i + 1 < chars.length; i++) parts.push(quote(chars[i]! + chars[i + 1]!));
    } else {
      parts.push(`${quote(run.slice(0, MAX_WORD))}:*`);
    }
  }
  const unique = [...new Set(parts)];
  return unique.length ? unique.join(mode === 'all' ? ' & ' : ' | ') : undefined;
}

/**
 * The region code that every division below a region starts with: 150000 → 15, 150100 → 1501, 150102 → 150102.
 * Township codes (9 digits) are their own prefix.
 */
export function regionPrefix(code: string): string {
  if (code.length !== 6) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}
