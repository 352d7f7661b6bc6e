import { readLocalConfig } from './config';
import { DataDirInUseError } from './data-dir-lock';
import { PortInUseError } from './listen';
import { type LocalMode, startLocalMode } from './local-mode';
import { loadSampleData, sampleLoadLines } from './sample/load-sample';
import { NoSpaceError } from './spool/no-space';
import { startupBanner } from './startup-banner';

function fail(message: string): never {
  console.error(`lakeline: ${message}`);
  process.exit(1);
}

/**
 * SIGINT (Ctrl-C) and SIGTERM (what a process manager sends) stop the local mode: the SNS port closes, what is queued
 * is delivered, the spool and the ports are released, and the process exits 0. A signal during the start stops the
 * local mode as soon as it is up. The signal may arrive twice (Ctrl-C reaches the whole process group, and npm
 * forwards it as well); the second one changes nothing.
 */
function stopOnSignals(started: Promise<LocalMode>): { readonly stopping: () => boolean } {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: flushing in-flight batches…`);
    started
      .then((mode) => mode.stop())
      .then(
        () => {
          console.log('Lakeline local mode stopped.');
          process.exit(0);
        },
        (error: unknown) => fail(`stop failed: ${(error as Error).message}`),
      );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  return { stopping: () => stopping };
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

  const started = startLocalMode(config).catch((error: unknown) => {
    if (error instanceof PortInUseError || error instanceof DataDirInUseError || error instanceof NoSpaceError) fail(error.message);
    throw error;
  });
  const { stopping } = stopOnSignals(started);
  const mode = await started;

  if (args.includes('--sample') && !stopping()) {
    try {
      for (const line of sampleLoadLines(await loadSampleData(mode), mode.dataDir)) console.log(line);
    } catch (error) {
      // Stopping closes the SNS endpoint under the sample's publishes; the shutdown ends the process.
      if (stopping()) return;
      throw error;
    }
  }
  if (!stopping()) console.log(startupBanner(mode));
}

await main();
