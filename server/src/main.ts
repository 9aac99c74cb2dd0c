// The `liutong` command line: serve the platform, migrate the database, export the OpenAPI document.
import { writeFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { ALL_MIGRATIONS, buildApp, VERSION } from './app.ts';
import { ConfigError, loadConfig, type ConfigFlags } from './config.ts';
import { ledgerCommand, LedgerKeyError } from './modules/ledger/index.ts';
import { classifyCommand } from './modules/classification/index.ts';
import { certCommand } from './modules/rights/index.ts';
import { AppError } from './platform/errors.ts';
import { DataDirLockedError, migrate, openDatabase } from './platform/db.ts';
import { prepareDatabase } from './setup.ts';

const program = new Command('liutong')
  .description('Liutong (流通): trusted data-circulation platform')
  .version(VERSION)
  .showHelpAfterError();

function configFrom(command: Command, extra: ConfigFlags = {}) {
  const o = command.opts<{
    host?: string;
    port?: string;
    dataDir?: string;
    demo?: boolean;
    logLevel?: string;
  }>();
  try {
    return loadConfig({
      ...(o.host !== undefined && { host: o.host }),
      ...(o.port !== undefined && { port: o.port }),
      ...(o.dataDir !== undefined && { dataDir: o.dataDir }),
      ...(command.getOptionValueSource('demo') === 'cli' && { demo: o.demo ?? true }),
      ...(o.logLevel !== undefined && { logLevel: o.logLevel }),
      ...extra,
    });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`liutong: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
}

program
  .command('serve')
  .description('Run the API server and the console (migrates, and seeds the demo into an empty database)')
  .option('--host <host>', 'address to listen on (env HOST)', undefined)
  .option('--port <port>', 'port to listen on (env PORT)', undefined)
  .option('--data-dir <dir>', 'embedded PostgreSQL data directory (env LIUTONG_DATA_DIR)', undefined)
  .option('--no-demo', 'do not seed demo data into an empty database')
  .addOption(
    new Option('--log-level <level>', 'log level (env LOG_LEVEL)').choices([
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ]),
  )
  .action(async (_opts, command: Command) => {
    const config = configFrom(command);
    const liutong = await buildApp(config);
    const report = await prepareDatabase(config, liutong.identity, liutong);
    const { app } = liutong;
    if (report.demoSeeded) app.log.info('demo data seeded');
    if (report.generatedDemoPassword) {
      // Shown once on the console, never logged to files: the database keeps only argon2id hashes.
      process.stdout.write(
        `\n  Demo accounts admin, authority, holder, operator, merchant, provider, regulator\n` +
          `  Password: ${report.generatedDemoPassword}   (set LIUTONG_DEMO_PASSWORD to choose it)\n\n`,
      );
    }
    if (report.bootstrapAdminCreated)
      app.log.info({ username: config.bootstrapAdmin?.username }, 'bootstrap administrator created');
    const address = await app.listen({ host: config.host, port: config.port });
    process.stdout.write(
      `  Liutong ${VERSION} on ${address}  (console /, API /api/v1, docs /api/docs)  store: ${liutong.database.kind}\n`,
    );
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      app.log.info({ signal }, 'shutting down');
      await liutong.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
  });

program
  .command('migrate')
  .description('Apply pending database migrations and exit')
  .option('--data-dir <dir>', 'embedded PostgreSQL data directory (env LIUTONG_DATA_DIR)', undefined)
  .action(async (_opts, command: Command) => {
    const config = configFrom(command);
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    const applied = await migrate(database.kysely, ALL_MIGRATIONS);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    await database.close();
  });

program
  .command('openapi')
  .description('Print (or write) the OpenAPI 3.1 document of this server')
  .option('--out <file>', 'write to a file instead of standard output')
  .action(async (opts: { out?: string }, command: Command) => {
    const config = configFrom(command, { dataDir: 'memory://', logLevel: 'silent' });
    const liutong = await buildApp({ ...config, databaseUrl: undefined, consoleDir: '/nonexistent' });
    await liutong.app.ready();
    const text = `${JSON.stringify(liutong.app.swagger(), null, 2)}\n`;
    await liutong.close();
    if (opts.out) writeFileSync(opts.out, text);
    else process.stdout.write(text);
  });

program.addCommand(ledgerCommand());
program.addCommand(certCommand());
program.addCommand(classifyCommand());

// Usage errors exit 2 (verifiers keep 1 for "invalid"); help and version exit 0.
const exitOverride = (command: Command): void => {
  command.exitOverride();
  command.commands.forEach(exitOverride);
};
exitOverride(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  if (error instanceof DataDirLockedError) {
    console.error(`liutong: ${error.message}`);
    process.exit(3);
  }
  // A key that does not fit the configuration, or a log opened with another suite: a setting to fix, not a crash.
  if (
    error instanceof LedgerKeyError ||
    (error instanceof AppError && error.code === 'LEDGER_SUITE_MISMATCH')
  ) {
    console.error(`liutong: ${error.message}`);
    process.exit(2);
  }
  throw error;
}
