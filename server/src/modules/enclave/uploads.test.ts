// The tracker's promises about writes: phases at once, progress at most twice a second, in order, nothing after the
// end, and a failed write that never fails the upload. The database side is in test/datasets.test.ts.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import type { EnclaveRepository, UploadPatch } from './enclave.repository.ts';
import { UploadTracker } from './uploads.ts';

/** A repository that records the writes it is asked for, in the order they run. */
function recorder(fail = false) {
  const writes: UploadPatch[] = [];
  const repo = {
    async updateUpload(_id: string, patch: UploadPatch) {
      await Promise.resolve();
      if (fail) throw new Error('connection lost');
      writes.push(patch);
    },
  } as unknown as EnclaveRepository;
  return { writes, repo };
}

describe('UploadTracker', () => {
  it('writes a phase at once and progress at most every 500 ms of its clock', async () => {
    let now = 10_000;
    const { writes, repo } = recorder();
    const t = new UploadTracker(
      repo,
      { id: 'u', datasetId: 'd' },
      'receiving',
      () => {},
      () => now,
    );
    t.progress(10, 100, 'bytes');
    t.progress(20, 100, 'bytes'); // same instant: dropped
    now += 499;
    t.progress(30, 100, 'bytes'); // dropped
    now += 1;
    t.progress(40, 100, 'bytes');
    t.enter('converting', { done: 0, total: 100, unit: 'bytes' });
    t.enter('converting'); // already there: nothing
    t.progress(150, 100, 'bytes'); // right after a phase began: dropped
    now += 500;
    t.progress(150, 100, 'bytes'); // never more than the total
    t.enter('profiling');
    await t.settled();
    expect(writes).toEqual([
      { done: 10, total: 100, unit: 'bytes' },
      { done: 40, total: 100, unit: 'bytes' },
      { phase: 'converting', done: 0, total: 100, unit: 'bytes' },
      { done: 100, total: 100, unit: 'bytes' },
      { phase: 'profiling', done: null, total: null, unit: null },
    ]);
  });

  it('records a failure with the problem’s code, hides internal messages, and writes nothing after', async () => {
    const { writes, repo } = recorder();
    const t = new UploadTracker(repo, { id: 'u', datasetId: 'd' }, 'converting', () => {});
    await t.fail(new AppError('unprocessable', 'INGEST_MALFORMED', 'line 3 has 2 fields'));
    t.enter('classifying');
    t.note({ rows: 5 });
    await t.fail(new Error('twice'));
    await t.settled();
    expect(writes).toEqual([
      { status: 'failed', error_code: 'INGEST_MALFORMED', error_detail: 'line 3 has 2 fields' },
    ]);

    const other = recorder();
    const u = new UploadTracker(other.repo, { id: 'v', datasetId: 'd' }, 'converting', () => {});
    await u.fail(new Error('ENOSPC: /srv/liutong/store/datasets/…'));
    expect(other.writes[0]).toMatchObject({ status: 'failed', error_code: 'UPLOAD_FAILED' });
    expect(other.writes[0]!.error_detail).not.toContain('/srv');
  });

  it('reports a failed write and goes on', async () => {
    const { repo } = recorder(true);
    const errors: unknown[] = [];
    const t = new UploadTracker(repo, { id: 'u', datasetId: 'd' }, 'receiving', (e) => errors.push(e));
    t.enter('converting');
    t.enter('profiling');
    await expect(t.settled()).resolves.toBeUndefined();
    await expect(t.fail(new Error('x'))).resolves.toBeUndefined();
    expect(errors).toHaveLength(3);
  });
});
