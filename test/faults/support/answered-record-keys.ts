import type { APIGatewayProxyEvent } from 'aws-lambda';
import { passengers } from '../../../datasets/passengers';
import { createDuckDbQueryEngine } from '../../../lambdas/adapters/duckdb-query-engine';
import { NO_COMPACTED_DAYS } from '../../../lambdas/core/ports/compaction-catalog';
import { createQueryHandler } from '../../../lambdas/query/handler';
import { proxyEvent } from '../../fixtures/api-gateway-events';

function recordsRequest(parameters: Record<string, string>): APIGatewayProxyEvent {
  return proxyEvent({
    path: '/v1/datasets/passengers/records',
    resource: '/v1/datasets/{name}/records',
    pathParameters: { name: 'passengers' },
    queryStringParameters: parameters,
  });
}

/**
 * `<lakeline_message_id>/<lakeline_record_index>` of every passengers row the query API answers over a local lake
 * directory (DuckDB engine), page by page; one entry per row answered, so a record answered twice appears twice.
 */
export async function answeredRecordKeys(lakeDir: string, range: { from: string; to: string }): Promise<string[]> {
  const engine = await createDuckDbQueryEngine({ lakeDir, datasets: [passengers] });
  const api = createQueryHandler({
    compactedDays: NO_COMPACTED_DAYS,
    engine,
    datasets: [passengers],
    config: { waitBudgetMs: 30_000, maxRangeDays: 31 },
  });
  const answered: string[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const parameters: Record<string, string> = {
        ...range,
        limit: '1000',
        columns: 'lakeline_message_id,lakeline_record_index',
        ...(nextToken ? { nextToken } : {}),
      };
      const response = await api(recordsRequest(parameters));
      if (response.statusCode !== 200) throw new Error(`records query answered ${response.statusCode}: ${response.body}`);
      const body = JSON.parse(response.body) as {
        rows: { lakeline_message_id: string; lakeline_record_index: number }[];
        nextToken?: string;
      };
      answered.push(...body.rows.map((row) => `${row.lakeline_message_id}/${row.lakeline_record_index}`));
      nextToken = body.nextToken;
    } while (nextToken);
  } finally {
    await engine.close();
  }
  return answered;
}
