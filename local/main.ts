import { readLocalConfig } from './config';
import { DataDirInUseError } from './data-dir-lock';
import { PortInUseError } from './listen';
import { type LocalMode, startLocalMode } from './local-mode';
import { loadSampleData } from './sample/load-sample';
import { NoSpaceError } from './spool/no-space';
import { startupBanner } from './startup-banner';

function fail(message: string): never {
  console.error(`lakeline: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((arg) => arg !== '--sample');
  if (unknown.length > 0) fail(`unknown option ${unknown.join(' ')} (usage: npm start [-- --sample])`);

  let config: ReturnType<typeof readLocalConfig>;
  try {
    config = readLocalConfig();
  } catch (error) {
    fail((error as Error).message);
  }

  let mode: LocalMode;
  try {
    mode = await startLocalMode(config);
  } catch (error) {
    if (error instanceof PortInUseError || error instanceof DataDirInUseError || error instanceof NoSpaceError) fail(error.message);
    throw error;
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: flushing in-flight batches…`);
    mode.stop().then(
      () => {
        console.log('Lakeline local mode stopped.');
        process.exit(0);
      },
      (error: unknown) => fail(`stop failed: ${(error as Error).message}`),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  if (args.includes('--sample')) {
    const loaded = await loadSampleData(mode);
    for (const [dataset, count] of loaded) {
      console.log(
        count > 0 ? `Loaded ${count} sample ${dataset} records.` : `${dataset} already has data in ${mode.lakeDir}; no sample loaded.`,
      );
    }
  }
  console.log(startupBanner(mode));
}

await main();
