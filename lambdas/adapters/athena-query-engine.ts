/** The query engine on AWS: Athena in the stack's workgroup, parameters as `ExecutionParameters`, result reuse per request. */
import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsOutput,
  InvalidRequestException,
  type QueryExecution,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { QUERY_SETTING_DEFAULTS } from '../core/environment';
import {
  EngineBusyError,
  InvalidPageTokenError,
  type QueryEngine,
  type QueryRequest,
  type QueryState,
  type QueryStatus,
  type ResultColumn,
  type ResultPage,
  type ResultPageRequest,
} from '../core/ports/query-engine';
import { athenaLiteral } from './athena-literal';
import { columnTypeFromEngineType } from './engine-column-type';

export interface AthenaQueryEngineOptions {
  readonly workGroup: string;
  readonly database: string;
  /** Days the results bucket keeps a query's result files (its lifecycle rule); default QUERY_SETTING_DEFAULTS.resultRetentionDays. */
  readonly resultRetentionDays?: number;
}

const DAY_MS = 86_400_000;
/** What a client should wait before retrying when Athena throttles: the SDK already retried with backoff. */
const THROTTLED_RETRY_AFTER_SECONDS = 1;

/**
 * Athena refuses a query beyond the account's active DML query quota (running plus queued) and calls beyond its API
 * rate quotas with TooManyRequestsException (https://docs.aws.amazon.com/athena/latest/ug/service-limits.html); the
 * SDK's own retries have then been spent, so the caller is told to come back instead of being failed.
 */
async function unlessThrottled<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'TooManyRequestsException' || name === 'ThrottlingException')
      throw new EngineBusyError(THROTTLED_RETRY_AFTER_SECONDS, `Athena throttled the call: ${(error as Error).message}`);
    throw error;
  }
}

/**
 * Athena's largest page (https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html); the first
 * page also carries the header row, as the first row of the results (https://docs.aws.amazon.com/athena/latest/ug/code-samples.html).
 */
const MAX_RESULTS = 1000;
const STATES: readonly QueryState[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

export class AthenaQueryEngine implements QueryEngine {
  constructor(
    private readonly client: AthenaClient,
    private readonly options: AthenaQueryEngineOptions,
  ) {}

  async startQuery(request: QueryRequest): Promise<{ queryId: string }> {
    const reuse = request.resultReuse;
    const output = await unlessThrottled(() =>
      this.client.send(
        new StartQueryExecutionCommand({
          QueryString: request.sql,
          WorkGroup: this.options.workGroup,
          QueryExecutionContext: { Database: this.options.database },
          ...(request.parameters.length > 0 ? { ExecutionParameters: request.parameters.map(athenaLiteral) } : {}),
          // Reuse is opt-in per query, needs engine version 3 (the workgroup's) and is off when a query overrides the
          // workgroup's result configuration, so none is sent: https://docs.aws.amazon.com/athena/latest/ug/reusing-query-results.html
          ResultReuseConfiguration: {
            ResultReuseByAgeConfiguration: reuse ? { Enabled: true, MaxAgeInMinutes: reuse.maxAgeMinutes } : { Enabled: false },
          },
        }),
      ),
    );
    if (!output.QueryExecutionId) throw new Error('Athena returned no query execution id');
    return { queryId: output.QueryExecutionId };
  }

  async getQueryStatus(queryId: string): Promise<QueryStatus | undefined> {
    let query: QueryExecution | undefined;
    try {
      query = (await unlessThrottled(() => this.client.send(new GetQueryExecutionCommand({ QueryExecutionId: queryId })))).QueryExecution;
    } catch (error) {
      if (error instanceof InvalidRequestException) return undefined;
      throw error;
    }
    // Only queries of our own workgroup are visible through the API.
    if (!query || query.WorkGroup !== this.options.workGroup) return undefined;
    const rawState = query.Status?.State ?? 'QUEUED';
    const state = STATES.find((candidate) => candidate === rawState) ?? 'RUNNING';
    const reason = query.Status?.StateChangeReason ?? query.Status?.AthenaError?.ErrorMessage;
    const completed = query.Status?.CompletionDateTime;
    const retentionMs = (this.options.resultRetentionDays ?? QUERY_SETTING_DEFAULTS.resultRetentionDays) * DAY_MS;
    return {
      state,
      ...(state === 'SUCCEEDED' && completed ? { resultsExpireAt: new Date(completed.getTime() + retentionMs) } : {}),
      ...(reason && state !== 'SUCCEEDED' ? { reason } : {}),
      ...(query.Statistics?.DataScannedInBytes === undefined ? {} : { bytesScanned: query.Statistics.DataScannedInBytes }),
      ...(query.Statistics?.EngineExecutionTimeInMillis === undefined ? {} : { engineMs: query.Statistics.EngineExecutionTimeInMillis }),
    };
  }

  /**
   * Reads `pageSize` rows from where `pageToken` points. The first page of a query starts with Athena's header row,
   * which is dropped; when that makes the page one short (pageSize 1000), one more call fills it.
   */
  async getQueryResults(queryId: string, page: ResultPageRequest): Promise<ResultPage> {
    let headerPending = page.pageToken === undefined;
    let token = page.pageToken;
    let columns: ResultColumn[] = [];
    const rows: (string | null)[][] = [];
    do {
      const output = await this.resultsCall(queryId, Math.min(MAX_RESULTS, page.pageSize - rows.length + (headerPending ? 1 : 0)), token);
      columns = (output.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((column) => ({
        name: column.Name ?? column.Label ?? '',
        type: columnTypeFromEngineType(column.Type ?? 'varchar'),
      }));
      const received = output.ResultSet?.Rows ?? [];
      for (const row of headerPending ? received.slice(1) : received) {
        rows.push(columns.map((_, index) => row.Data?.[index]?.VarCharValue ?? null));
      }
      headerPending = false;
      token = output.NextToken || undefined;
    } while (token !== undefined && rows.length < page.pageSize);
    return { columns, rows, ...(token === undefined ? {} : { nextToken: token }) };
  }

  private async resultsCall(queryId: string, maxResults: number, nextToken: string | undefined): Promise<GetQueryResultsOutput> {
    try {
      return await unlessThrottled(() =>
        this.client.send(
          new GetQueryResultsCommand({
            QueryExecutionId: queryId,
            MaxResults: maxResults,
            ...(nextToken === undefined ? {} : { NextToken: nextToken }),
          }),
        ),
      );
    } catch (error) {
      if (nextToken !== undefined && error instanceof InvalidRequestException) throw new InvalidPageTokenError();
      throw error;
    }
  }
}

export function createAthenaQueryEngine(client: AthenaClient, options: AthenaQueryEngineOptions): AthenaQueryEngine {
  return new AthenaQueryEngine(client, options);
}
