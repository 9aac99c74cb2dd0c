// An upload's progress as the server works on it (receive, convert, profile, classify, score, store), kept in the
// database so that any process can answer "how far is it?" and the holder keeps a record of every attempt,
// failed ones with the reason. Phases are written as they begin; progress within a phase at most twice a second,
// in the order it was reported. A failed progress write never fails the upload it describes.
import { AppError } from '../../platform/errors.ts';
import type { Db, EnclaveRepository, UploadPatch, UploadRow } from './enclave.repository.ts';

export const UPLOAD_PHASES = [
  'receiving',
  'converting',
  'profiling',
  'classifying',
  'scoring',
  'storing',
] as const;
export type UploadPhase = (typeof UPLOAD_PHASES)[number];
export const UPLOAD_STATUSES = ['running', 'stored', 'failed', 'interrupted'] as const;
export type UploadUnit = 'bytes' | 'rows';

/** Milliseconds between two writes of progress within one phase. */
const PROGRESS_INTERVAL_MS = 500;

export class UploadTracker {
  readonly id: string;
  readonly datasetId: string;
  readonly #repo: EnclaveRepository;
  readonly #onWriteError: (error: unknown) => void;
  readonly #now: () => number;
  #phase: UploadPhase;
  #chain: Promise<void> = Promise.resolve();
  #lastProgress = 0;
  #ended = false;

  constructor(
    repo: EnclaveRepository,
    ids: { id: string; datasetId: string },
    phase: UploadPhase,
    onWriteError: (error: unknown) => void,
    now: () => number = Date.now,
  ) {
    this.#now = now;
    this.#repo = repo;
    this.id = ids.id;
    this.datasetId = ids.datasetId;
    this.#phase = phase;
    this.#onWriteError = onWriteError;
  }

  get phase(): UploadPhase {
    return this.#phase;
  }

  /** Begins a phase (a no-op if it is the current one), with its progress when it can be counted. */
  enter(phase: UploadPhase, progress?: { done: number; total: number; unit: UploadUnit }): void {
    if (this.#ended || phase === this.#phase) return;
    this.#phase = phase;
    this.#lastProgress = this.#now();
    this.#write({
      phase,
      done: progress?.done ?? null,
      total: progress?.total ?? null,
      unit: progress?.unit ?? null,
    });
  }

  /** Progress within the current phase; reports closer together than PROGRESS_INTERVAL_MS are dropped. */
  progress(done: number, total: number, unit: UploadUnit, extra: Pick<UploadPatch, 'bytes' | 'rows'> = {}) {
    if (this.#ended) return;
    const now = this.#now();
    if (now - this.#lastProgress < PROGRESS_INTERVAL_MS) return;
    this.#lastProgress = now;
    this.#write({ done: Math.min(done, total), total, unit, ...extra });
  }

  /** Facts learnt on the way (bytes received, rows converted, the phase's end), written at once. */
  note(extra: Pick<UploadPatch, 'bytes' | 'rows' | 'done' | 'total' | 'unit'>): void {
    if (!this.#ended) this.#write(extra);
  }

  /** Resolves once every write reported so far is done (before a transaction: PGlite has one connection). */
  settled(): Promise<void> {
    return this.#chain;
  }

  /** The version is stored: written in the transaction that stores it, so both happen or neither. */
  async stored(tx: Db, version: number, rows: number): Promise<void> {
    await this.#chain;
    await this.#repo.updateUpload(
      this.id,
      {
        status: 'stored',
        version_number: version,
        rows,
        done: null,
        total: null,
        unit: null,
        error_code: null,
        error_detail: null,
      },
      tx,
    );
  }

  /** After the transaction that stored it has committed: nothing more is written. */
  close(): void {
    this.#ended = true;
  }

  /** The upload failed: its record keeps the problem's code and detail (never an internal message). */
  async fail(error: unknown): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    const known = error instanceof AppError;
    const patch: UploadPatch = {
      status: 'failed',
      error_code: known ? error.code : 'UPLOAD_FAILED',
      error_detail: known
        ? error.message
        : 'The server could not process this upload; nothing was stored. Try again, or tell the operator.',
    };
    this.#write(patch);
    await this.#chain;
  }

  #write(patch: UploadPatch): void {
    this.#chain = this.#chain.then(() =>
      this.#repo.updateUpload(this.id, patch).catch((error: unknown) => {
        this.#onWriteError(error);
      }),
    );
  }
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** An upload as its holder sees it. */
export function uploadView(u: UploadRow) {
  const num = (v: string | number | null) => (v === null ? null : Number(v));
  return {
    id: u.id,
    datasetId: u.dataset_id,
    fileName: u.file_name,
    fullScan: u.full_scan,
    status: u.status as (typeof UPLOAD_STATUSES)[number],
    phase: u.phase as UploadPhase,
    progress:
      u.done !== null && u.total !== null && u.unit !== null
        ? { done: Number(u.done), total: Number(u.total), unit: u.unit as UploadUnit }
        : null,
    bytes: num(u.bytes),
    rows: num(u.rows),
    version: u.version_number,
    error: u.error_code ? { code: u.error_code, detail: u.error_detail ?? '' } : null,
    timeline: u.timeline as { phase: UploadPhase; at: string }[],
    createdAt: iso(u.created_at),
    updatedAt: iso(u.updated_at),
    finishedAt: u.finished_at ? iso(u.finished_at) : null,
  };
}
