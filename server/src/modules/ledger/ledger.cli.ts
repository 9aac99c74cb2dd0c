// `liutong ledger …`: offline verification of proofs, a whole-log audit (exit 0 valid, 1 invalid, 2 usage), and
// key rotation.
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, loadConfig } from '../../config.ts';
import { runAudit } from './ledger.audit.ts';
import { LedgerKeyError, rotateLedgerKey, SUITES } from './ledger.keys.ts';
import { treeHasher, verifyConsistency, verifyInclusion } from './merkle.ts';

function hash(value: string): Uint8Array {
  if (!/^[0-9a-fA-F]{64}$/.test(value)) throw new InvalidArgumentError('expected 64 hexadecimal digits');
  return new Uint8Array(Buffer.from(value, 'hex'));
}

function hashes(value: string): Uint8Array[] {
  return value.trim() === '' ? [] : value.split(',').map((h) => hash(h.trim()));
}

function count(value: string): number {
  if (!/^\d{1,16}$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a whole number');
  }
  return Number(value);
}

function verdict(valid: boolean, what: string): void {
  console.log(valid ? `valid: ${what}` : `invalid: ${what}`);
  process.exitCode = valid ? 0 : 1;
}

const suite = () =>
  new Option('--suite <suite>', 'crypto suite: intl (SHA-256) or gm (SM3)')
    .choices(Object.keys(SUITES))
    .default('intl');

export function ledgerCommand(): Command {
  const ledger = new Command('ledger').description('Verify proofs of the evidence ledger offline (RFC 9162)');

  ledger
    .command('verify-inclusion')
    .description('Check that a leaf is in a tree of the given size and root')
    .requiredOption('--leaf-hash <hex>', 'leaf hash, HASH(0x00 || entry)', hash)
    .requiredOption('--index <n>', '0-based leaf index', count)
    .requiredOption('--size <n>', 'tree size', count)
    .requiredOption('--root <hex>', 'root hash of the tree', hash)
    .requiredOption('--proof <hex,…>', 'audit path, comma-separated ("" when empty)', hashes)
    .addOption(suite())
    .action(
      (o: {
        leafHash: Uint8Array;
        index: number;
        size: number;
        root: Uint8Array;
        proof: Uint8Array[];
        suite: keyof typeof SUITES;
      }) => {
        const hasher = treeHasher(SUITES[o.suite].hash);
        verdict(
          verifyInclusion(hasher, o.index, o.size, o.leafHash, o.proof, o.root),
          `leaf ${o.index} in tree of size ${o.size}`,
        );
      },
    );

  ledger
    .command('verify-consistency')
    .description('Check that the tree of size1 is a prefix of the tree of size2')
    .requiredOption('--size1 <n>', 'size of the earlier tree', count)
    .requiredOption('--size2 <n>', 'size of the later tree', count)
    .requiredOption('--root1 <hex>', 'root of the earlier tree', hash)
    .requiredOption('--root2 <hex>', 'root of the later tree', hash)
    .requiredOption('--proof <hex,…>', 'consistency proof, comma-separated ("" when empty)', hashes)
    .addOption(suite())
    .action(
      (o: {
        size1: number;
        size2: number;
        root1: Uint8Array;
        root2: Uint8Array;
        proof: Uint8Array[];
        suite: keyof typeof SUITES;
      }) => {
        const hasher = treeHasher(SUITES[o.suite].hash);
        verdict(
          verifyConsistency(hasher, o.size1, o.size2, o.proof, o.root1, o.root2),
          `tree ${o.size1} → ${o.size2}`,
        );
      },
    );

  ledger
    .command('audit')
    .description(
      'Download the whole log, recompute every leaf and the root, check the checkpoint signature and, given an earlier checkpoint, that the log only grew from it',
    )
    .requiredOption('--url <url>', 'the platform base URL, e.g. http://127.0.0.1:8080', url)
    .option('--checkpoint <file>', 'a checkpoint saved by an earlier audit')
    .option('--save <file>', 'write the verified checkpoint here, for the next audit')
    .option(
      '--key <vkey>',
      'a trusted verifier key (repeatable); without one, the keys the log serves are used',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .action((o: { url: string; checkpoint?: string; save?: string; key?: string[] }) => runAudit(o));

  ledger
    .command('rotate-key')
    .description(
      'Replace the checkpoint signing key in the data directory (or LIUTONG_LEDGER_KEY_FILE); restart the server to use it. Old checkpoints stay verifiable with the old key, which the log keeps in its key history.',
    )
    .option('--data-dir <dir>', 'the data directory (env LIUTONG_DATA_DIR)')
    .action((o: { dataDir?: string }) => {
      let rotated: ReturnType<typeof rotateLedgerKey>;
      try {
        const config = loadConfig(o.dataDir ? { dataDir: o.dataDir } : {});
        rotated = rotateLedgerKey({ ...config.ledger, dataDir: config.dataDir });
      } catch (error) {
        if (!(error instanceof LedgerKeyError || error instanceof ConfigError)) throw error;
        console.error(`liutong: ${error.message}`);
        process.exitCode = 2;
        return;
      }
      console.log(`new key      ${rotated.verifierKey}`);
      console.log(`written to   ${rotated.file}`);
      if (rotated.retired) console.log(`old key kept ${rotated.retired}`);
    });

  return ledger;
}

function url(value: string): string {
  if (!/^https?:\/\/[^\s]+$/.test(value)) throw new InvalidArgumentError('expected an http(s) URL');
  return value;
}
