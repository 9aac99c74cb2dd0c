// Crash safety of the evidence ledger: the server is killed (SIGKILL) while writes and integration are under
// way, restarted on the same store, and the log is checked against what was committed and what was signed.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canonicalJson,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  rangeHashes,
  treeHasher,
  verifyConsistency,
  type Checkpoint,
  type NoteVerifier,
} from '../server/src/modules/ledger/index.ts';
import { openDatabase, type Database } from '../server/src/platform/db.ts';
import { freshDatabase, randomCreditCode } from '../server/src/testing/index.ts';
import { PAUSED } from './ledger-crash.hook.ts';

const BIN = path.resolve(import.meta.dirname, '../server/bin/liutong.js');
const HOOK = path.resolve(import.meta.dirname, 'ledger-crash.hook.ts');
const ADMIN = 'crash-admin';
const PASSWORD = 'crash-admin-password';
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => new Uint8Array(Buffer.from(h, 'hex'));

/** Writers at once; the pre-crash checkpoint comes after 40 acknowledged writes, the kill after 40 more. */
const WRITERS = 12;
const ACKED_BEFORE_CHECKPOINT = 40;
const ACKED_AFTER_CHECKPOINT = 40;
/** Generous: correctness never depends on it, only how long a broken run takes to fail. */
const DEADLINE_MS = 45_000;

const children = new Set<ChildProcess>();
const cleanups: (() => Promise<void> | void)[] = [];

afterAll(async () => {
  for (const child of children) {
    const gone = exited(child);
    child.kill('SIGKILL');
    await gone;
  }
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface Server {
  url: string;
  child: ChildProcess;
  output: () => string;
}

/** Starts `liutong serve` (with the pause hook when `pauseFile` is given) and resolves once it listens. */
function serve(dataDir: string, env: Record<string, string>, pauseFile?: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      ...(pauseFile ? ['--import', HOOK] : []),
      BIN,
      ...['serve', '--port', '0', '--log-level', 'warn', '--data-dir', dataDir],
    ],
    {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...env,
        ...(pauseFile && { LIUTONG_TEST_PAUSE_FILE: pauseFile }),
      },
    },
  );
  children.add(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) resolve({ url: match[1]!, child, output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => reject(new Error(`serve exited ${code ?? signal}: ${output}`)));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Polls `probe` until it returns a value; a deadline only bounds how long a failing run takes. */
async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  context: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const request = (url: string, init: RequestInit = {}) =>
  fetch(url, { ...init, signal: AbortSignal.timeout(30_000) });

async function getJson(url: string): Promise<any> {
  const res = await request(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

async function login(base: string): Promise<string> {
  const res = await request(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: ADMIN, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

interface SignedCheckpoint extends Checkpoint {
  note: string;
}

/** The latest checkpoint, its signature checked with the log's key. */
async function checkpoint(base: string, key: NoteVerifier): Promise<SignedCheckpoint> {
  const res = await request(`${base}/api/v1/ledger/checkpoint`);
  if (!res.ok) throw new Error(`checkpoint: ${res.status}`);
  const note = await res.text();
  const opened = openNote(note, [key]);
  expect(opened.verifiedBy).toEqual([key.name]);
  return { ...parseCheckpoint(opened.text), note };
}

interface Entry {
  index: number;
  body: string;
  leafHash: string;
}

async function entries(base: string, size: number): Promise<Entry[]> {
  const all: Entry[] = [];
  for (let start = 0; start < size; start += 1000)
    all.push(...((await getJson(`${base}/api/v1/ledger/entries?start=${start}&end=${size}`)) as Entry[]));
  return all;
}

type Kind = 'organization' | 'api_key';

/** One write sent to the server; `id` is set when a 2xx answer came back, `answer` for any other answer. */
interface Attempt {
  kind: Kind;
  name: string;
  id?: string;
  answer?: string;
  unanswered?: boolean;
}

const TOPIC: Record<Kind, string> = {
  organization: 'identity.organization.created',
  api_key: 'identity.api_key.created',
};

interface EntryBody {
  v: number;
  eventId: string;
  type: string;
  subject: { type: string; id: string };
  actorOrg: string | null;
  at: string;
  contentHash: string;
}

describe('evidence ledger crash safety', () => {
  it('after SIGKILL mid-write, the log holds every committed event once, nothing else, under consistent checkpoints', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'liutong-crash-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const dataDir = path.join(root, 'data');
    mkdirSync(dataDir);
    const pauseFile = path.join(root, 'pause');
    // With TEST_DATABASE_URL the store is a fresh PostgreSQL database; the data directory then only holds
    // the ledger key, which must survive the restart as the database does.
    const postgres = process.env.TEST_DATABASE_URL ? await freshDatabase() : undefined;
    if (postgres) cleanups.push(() => postgres.close());
    // Each run of the server names its PostgreSQL sessions, so that the test can see when they are all gone.
    const sessionsOf = (run: string): Record<string, string> => {
      if (!postgres) return {};
      const url = new URL(postgres.url!);
      url.searchParams.set('application_name', `liutong-crash-${run}`);
      return { DATABASE_URL: url.toString() };
    };
    const env = {
      // No demo: a bootstrap administrator is all the test needs.
      LIUTONG_DEMO: 'false',
      LIUTONG_BOOTSTRAP_ADMIN: `${ADMIN}:${PASSWORD}`,
      LIUTONG_SEQUENCER_INTERVAL_MS: '20',
      LIUTONG_LEDGER_ORIGIN: 'liutong.test/crash',
      LIUTONG_CONSOLE_DIR: '/nonexistent',
      LIUTONG_LOGIN_RATE_PER_MINUTE: '10000',
    };

    // 1. Writes under way, checkpoints observed, then SIGKILL at a point chosen by progress.
    const first = await serve(dataDir, { ...env, ...sessionsOf('first') }, pauseFile);
    // The log's tree hash and key, as an auditor would take them (SHA-256 or SM3 by the crypto suite).
    const { verifierKey, hash } = (await getJson(`${first.url}/api/v1/ledger/public-key`)) as {
      verifierKey: string;
      hash: 'sha256' | 'sm3';
    };
    const key = parseVerifierKey(verifierKey);
    const hasher = treeHasher(hash);
    const token = await login(first.url);
    const attempts: Attempt[] = [];
    let killing = false;
    let n = 0;
    const write = async (): Promise<void> => {
      while (!killing) {
        const kind: Kind = n++ % 3 === 2 ? 'api_key' : 'organization';
        const attempt: Attempt = { kind, name: `崩溃测试${kind}${randomBytes(6).toString('hex')}` };
        attempts.push(attempt);
        const body =
          kind === 'organization'
            ? { name: attempt.name, kind: 'enterprise', creditCode: randomCreditCode(), regionCode: '150102' }
            : { name: attempt.name, roles: ['platform_admin'] };
        try {
          const res = await request(
            `${first.url}/api/v1/${kind === 'organization' ? 'organizations' : 'api-keys'}`,
            {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body: JSON.stringify(body),
            },
          );
          const text = await res.text();
          if (res.ok) attempt.id = (JSON.parse(text) as { id: string }).id;
          else attempt.answer = `${res.status} ${text}`;
        } catch {
          // No answer: the process died with the request in flight (or before it arrived).
          attempt.unanswered = true;
          return;
        }
      }
    };
    const acked = () => attempts.filter((a) => a.id).length;
    const writers = Array.from({ length: WRITERS }, () => write());

    // Every checkpoint the log published before the crash: each binds the log from then on.
    const published = new Map<number, SignedCheckpoint>();
    let watchError: unknown;
    const watch = (async () => {
      while (!killing) {
        try {
          const cp = await checkpoint(first.url, key);
          if (cp.size > 0) published.set(cp.size, cp);
        } catch (error) {
          if (!killing) watchError ??= error;
          return;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const running = () => {
      if (first.child.exitCode !== null) throw new Error(`the server stopped by itself: ${first.output()}`);
    };

    const beforeCrash = await until(
      'a checkpoint covering acknowledged writes',
      async () => {
        running();
        if (acked() < ACKED_BEFORE_CHECKPOINT) return undefined;
        const cp = await checkpoint(first.url, key);
        const ids = new Set(attempts.map((a) => a.id).filter(Boolean));
        const covered = (await entries(first.url, cp.size)).some((e) =>
          ids.has((JSON.parse(e.body) as EntryBody).subject.id),
        );
        return covered ? cp : undefined;
      },
      first.output,
    );
    published.set(beforeCrash.size, beforeCrash);
    const ackedAtCheckpoint = acked();
    // Writes go on meanwhile, and so does the sequencer (every 20 ms).
    await until(
      'more acknowledged writes',
      async () => {
        running();
        return acked() >= ackedAtCheckpoint + ACKED_AFTER_CHECKPOINT ? true : undefined;
      },
      first.output,
    );
    // The kill lands inside an integration for certain: from now on the sequencer freezes the server as it
    // is about to store its next checkpoint (see ledger-crash.hook.ts), with writes still arriving.
    writeFileSync(pauseFile, '');
    await until(
      'the server to freeze inside an integration',
      async () => {
        running();
        return first.output().includes(PAUSED) ? true : undefined;
      },
      first.output,
    );
    killing = true;
    first.child.kill('SIGKILL');
    await exited(first.child);
    if (postgres) {
      // A session whose client died may still be finishing a COMMIT it had received; once the dead server's
      // sessions are all gone, every one of its transactions has committed or rolled back for good.
      await until('the killed server to leave PostgreSQL', async () => {
        const { rows } = await sql<{ n: string }>`
          select count(*) as n from pg_stat_activity where application_name = 'liutong-crash-first'`.execute(
          postgres.kysely,
        );
        return Number(rows[0]!.n) === 0 ? true : undefined;
      });
    }
    expect(first.child.signalCode).toBe('SIGKILL');
    await Promise.all(writers);
    await watch;
    expect(watchError).toBeUndefined();
    // Every write was answered with success, or not at all (the kill cut it off); none was refused.
    expect(attempts.filter((a) => a.answer)).toEqual([]);

    // 2. Restart on the same store; a marker written now orders after everything from before the crash.
    const second = await serve(dataDir, { ...env, ...sessionsOf('second') });
    let final: SignedCheckpoint;
    let log: Entry[];
    const consistency = new Map<number, string[]>();
    try {
      expect(
        ((await getJson(`${second.url}/api/v1/ledger/public-key`)) as { verifierKey: string }).verifierKey,
      ).toBe(verifierKey);
      const res = await request(`${second.url}/api/v1/organizations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await login(second.url)}` },
        body: JSON.stringify({
          name: `崩溃后标记${randomBytes(6).toString('hex')}`,
          kind: 'enterprise',
          creditCode: randomCreditCode(),
          regionCode: '150102',
        }),
      });
      const marker = await res.text();
      expect(res.status, marker).toBe(201);
      const markerId = (JSON.parse(marker) as { id: string }).id;
      // The sequencer takes pending events oldest first, so once the marker is in, so is everything before it.
      [final, log] = await until(
        'the marker to be integrated',
        async () => {
          const cp = await checkpoint(second.url, key);
          const all = await entries(second.url, cp.size);
          return all.some((e) => (JSON.parse(e.body) as EntryBody).subject.id === markerId)
            ? ([cp, all] as const)
            : undefined;
        },
        second.output,
      );
      for (const size of published.keys()) {
        const proof = (await getJson(
          `${second.url}/api/v1/ledger/proofs/consistency?from=${size}&to=${final.size}`,
        )) as { proof: string[] };
        consistency.set(size, proof.proof);
      }
    } finally {
      // Gracefully: the embedded store can be opened here only once the server has let go of it.
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
    expect(second.child.exitCode, second.output()).toBe(0);

    // 3. The log as an auditor sees it: gapless, leaf hashes and root recomputed, each event once.
    expect(log.map((e) => e.index)).toEqual(log.map((_, i) => i));
    expect(log).toHaveLength(final.size);
    for (const e of log) expect(e.leafHash).toBe(hex(hasher.hashLeaf(Buffer.from(e.body))));
    const leaves = log.map((e) => bytes(e.leafHash));
    const range = rangeHashes(hasher, leaves);
    expect(hex(range(0, final.size))).toBe(hex(final.root));
    const bodies = log.map((e) => JSON.parse(e.body) as EntryBody);
    expect(new Set(bodies.map((b) => b.eventId)).size).toBe(bodies.length);

    // Every acknowledged write is in the log exactly once, as the event its transaction made.
    for (const a of attempts.filter((x) => x.id)) {
      const matches = bodies.filter((b) => b.subject.id === a.id);
      expect(matches, `${a.kind} ${a.id}`).toHaveLength(1);
      expect(matches[0]!.type).toBe(TOPIC[a.kind]);
    }

    // Every checkpoint published before the crash still verifies, and the new one extends it.
    expect(published.size).toBeGreaterThan(0);
    for (const before of published.values()) {
      expect(openNote(before.note, [key]).verifiedBy).toEqual([key.name]);
      expect(before.size).toBeLessThanOrEqual(final.size);
      expect(hex(range(0, before.size)), `root at size ${before.size}`).toBe(hex(before.root));
      const proof = consistency.get(before.size)!.map(bytes);
      expect(verifyConsistency(hasher, before.size, final.size, proof, before.root, final.root)).toBe(true);
    }
    expect(final.size).toBeGreaterThan(beforeCrash.size);

    // 4. The store itself: each entry is exactly one committed outbox event, and each event one entry.
    let db: Database;
    if (postgres) db = postgres;
    else {
      const embedded = await openDatabase({ dataDir });
      cleanups.push(() => embedded.close());
      db = embedded;
    }
    const outbox = await db.kysely
      .selectFrom('platform.outbox')
      .select(['id', 'topic', 'aggregate_type', 'aggregate_id', 'actor_org_id', 'payload', 'created_at'])
      .select((eb) => eb('published_at', 'is not', null).as('published'))
      .orderBy('id')
      .execute();
    const stored = await db.kysely
      .selectFrom('ledger.entries')
      .select(['idx', 'event_id', 'body'])
      .orderBy('idx')
      .execute();
    expect(outbox.filter((e) => !e.published).map((e) => String(e.id))).toEqual([]);
    expect(stored).toHaveLength(final.size);
    // What was signed stays signed: every checkpoint published before the crash is stored as it was served.
    const notes = new Map(
      (await db.kysely.selectFrom('ledger.checkpoints').select(['size', 'note']).execute()).map((c) => [
        Number(c.size),
        c.note,
      ]),
    );
    for (const before of published.values()) expect(notes.get(before.size)).toBe(before.note);
    expect(notes.get(final.size)).toBe(final.note);
    expect(Math.max(...notes.keys())).toBe(final.size);
    expect(outbox).toHaveLength(final.size);
    expect(stored.map((s) => s.body)).toEqual(log.map((e) => e.body));
    const byId = new Map(outbox.map((e) => [String(e.id), e]));
    for (const [i, s] of stored.entries()) {
      const event = byId.get(String(s.event_id));
      expect(event, `entry ${i}: event ${s.event_id}`).toBeDefined();
      byId.delete(String(s.event_id));
      // The body is what the event says, recomputed from the committed row: nothing else entered the log.
      expect(s.body).toBe(
        canonicalJson({
          v: 1,
          eventId: String(event!.id),
          type: event!.topic,
          subject: { type: event!.aggregate_type, id: event!.aggregate_id },
          actorOrg: event!.actor_org_id,
          at: new Date(event!.created_at).toISOString(),
          contentHash: createHash(hash).update(canonicalJson(event!.payload)).digest('hex'),
        }),
      );
    }
    expect([...byId.keys()]).toEqual([]);

    // A write either happened entirely (row, event, entry) or not at all, answered or not.
    const rows = {
      organization: await db.kysely.selectFrom('identity.organizations').select(['id', 'name']).execute(),
      api_key: await db.kysely.selectFrom('identity.api_keys').select(['id', 'name']).execute(),
    };
    for (const a of attempts) {
      const row = rows[a.kind].filter((r) => r.name === a.name);
      const events = outbox.filter(
        (e) => e.topic === TOPIC[a.kind] && (e.payload as { name?: string }).name === a.name,
      );
      expect(events.length, a.name).toBe(row.length);
      if (a.id) expect(row.map((r) => r.id)).toEqual([a.id]);
      else expect(a.unanswered).toBe(true);
      for (const r of row) expect(bodies.filter((b) => b.subject.id === r.id)).toHaveLength(1);
    }
  }, 120_000);
});
