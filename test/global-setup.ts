// Names this run's server databases, and drops them at the end (the shared one stays open until then).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export function setup() {
  process.env.LIUTONG_TEST_RUN ??= randomBytes(3).toString('hex');
}

export async function teardown() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`liutong_t_${process.env.LIUTONG_TEST_RUN}_%`],
    );
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  } finally {
    await client.end();
  }
}
