/** Helpers that answer `aws-sdk-client-mock` Athena calls the way Athena does. */
import type { GetQueryExecutionOutput, GetQueryResultsOutput } from '@aws-sdk/client-athena';

export const WORKGROUP = 'lakeline-test';
export const DATABASE = 'lakeline_test';
export const QUERY_ID = '6c1c3c8e-2b8f-4d0f-9d37-0e5b2f5a7c21';

export function execution(
  state: string,
  extra: { reason?: string; bytes?: number; ms?: number; workGroup?: string; completed?: Date } = {},
): GetQueryExecutionOutput {
  return {
    QueryExecution: {
      QueryExecutionId: QUERY_ID,
      WorkGroup: extra.workGroup ?? WORKGROUP,
      Status: {
        State: state as never,
        ...(extra.reason ? { StateChangeReason: extra.reason } : {}),
        ...(extra.completed ? { CompletionDateTime: extra.completed } : {}),
      },
      Statistics: { DataScannedInBytes: extra.bytes ?? 2048, EngineExecutionTimeInMillis: extra.ms ?? 321 },
    },
  };
}

/** One GetQueryResults page; the first page starts with the header row, as Athena's does. */
export function resultsPage(
  columns: readonly (readonly [string, string])[],
  rows: readonly (readonly (string | null)[])[],
  options: { first: boolean; nextToken?: string },
): GetQueryResultsOutput {
  const header = { Data: columns.map(([name]) => ({ VarCharValue: name })) };
  const data = rows.map((row) => ({ Data: row.map((value) => (value === null ? {} : { VarCharValue: value })) }));
  return {
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: columns.map(([name, type]) => ({ Name: name, Label: name, Type: type })) },
      Rows: options.first ? [header, ...data] : data,
    },
    ...(options.nextToken ? { NextToken: options.nextToken } : {}),
  };
}
