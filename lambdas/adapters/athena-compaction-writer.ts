/**
 * Writes one compacted day on AWS: Athena UNLOAD of the compaction select to the run prefix as ZSTD Parquet, in the
 * compaction workgroup, polled until it finished. UNLOAD: https://docs.aws.amazon.com/athena/latest/ug/unload.html
 */
import { type AthenaClient, GetQueryExecutionCommand, type QueryExecution, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { buildCompactionSelect } from '../core/compaction-query';
import type { DatasetDefinition } from '../core/dataset';
import type { CompactionWriter } from '../core/ports/compaction-writer';
import { athenaLiteral } from './athena-literal';

export interface AthenaCompactionWriterOptions {
  /** The compaction workgroup (its own result location and bytes-scanned cutoff). */
  readonly workGroup: string;
  readonly database: string;
  /** The lake bucket; the run prefix is a key prefix in it. */
  readonly bucket: string;
  /** Between two status calls. @default 2000 */
  readonly pollIntervalMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_POLL_INTERVAL_MS = 2000;
const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The UNLOAD statement of a day. The day travels as an execution parameter: the parameterized-queries page lists
 * UNLOAD among the statements that take them (https://docs.aws.amazon.com/athena/latest/ug/querying-with-prepared-statements.html).
 * The TO location is part of the statement's syntax, not an expression, so it cannot be a `?`; it is built here from
 * the deployment's bucket and a generated run prefix, never from a request, and still quoted as a literal so that no
 * character of it can end the string.
 */
export function unloadStatement(selectSql: string, bucket: string, runPrefix: string): string {
  const location = athenaLiteral({ type: 'string', value: `s3://${bucket}/${runPrefix}` });
  return `UNLOAD (${selectSql}) TO ${location} WITH (format = 'PARQUET', compression = 'ZSTD')`;
}

export class AthenaCompactionWriter implements CompactionWriter {
  constructor(
    private readonly client: AthenaClient,
    private readonly options: AthenaCompactionWriterOptions,
  ) {}

  async writeDay(dataset: DatasetDefinition, day: string, runPrefix: string): Promise<{ readonly rows?: number }> {
    const select = buildCompactionSelect(dataset, day);
    const started = await this.client.send(
      new StartQueryExecutionCommand({
        QueryString: unloadStatement(select.sql, this.options.bucket, runPrefix),
        WorkGroup: this.options.workGroup,
        QueryExecutionContext: { Database: this.options.database },
        ExecutionParameters: select.parameters.map(athenaLiteral),
      }),
    );
    const queryId = started.QueryExecutionId;
    if (!queryId) throw new Error('Athena returned no query execution id for the UNLOAD');
    const execution = await this.finished(queryId);
    const state = execution.Status?.State;
    if (state !== 'SUCCEEDED') {
      const reason = execution.Status?.StateChangeReason ?? execution.Status?.AthenaError?.ErrorMessage ?? 'no reason given';
      throw new Error(`Athena UNLOAD of ${dataset.name} ${day} (query ${queryId}) ended ${state}: ${reason}`);
    }
    // Athena reports no row count for UNLOAD; only the bytes it read.
    return {};
  }

  private async finished(queryId: string): Promise<QueryExecution> {
    const sleep = this.options.sleep ?? sleepFor;
    for (;;) {
      const output = await this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId }));
      const execution = output.QueryExecution ?? {};
      if (FINISHED.has(execution.Status?.State ?? '')) return execution;
      await sleep(this.options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);
    }
  }
}
