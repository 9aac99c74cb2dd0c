// Preloaded into a `liutong serve` child by ledger-crash.test.ts (`node --import`). Once the file named by
// LIUTONG_TEST_PAUSE_FILE exists, the sequencer freezes the whole process when it is about to store its next
// checkpoint: inside the integration transaction, with the entries, subtree hashes and published marks already
// written but not committed. It says so on stderr, and the test SIGKILLs it there.
import { existsSync, writeSync } from 'node:fs';
import { LedgerRepository } from '../server/src/modules/ledger/ledger.repository.ts';

export const PAUSED = 'LIUTONG_TEST_PAUSED_IN_INTEGRATION';

const trigger = process.env.LIUTONG_TEST_PAUSE_FILE;
if (trigger) {
  const insertCheckpoint = LedgerRepository.prototype.insertCheckpoint;
  LedgerRepository.prototype.insertCheckpoint = function (
    this: LedgerRepository,
    ...args: Parameters<LedgerRepository['insertCheckpoint']>
  ) {
    if (existsSync(trigger)) {
      writeSync(2, `${PAUSED}\n`);
      // Blocks the event loop for good: nothing more happens in this process until it is killed.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    }
    return insertCheckpoint.apply(this, args);
  };
}
