import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerAggregateCommand } from '../../../../../local/cli/commands/aggregate-command';

function program(): Command {
  const root = new Command('lakeline').exitOverride();
  registerAggregateCommand(root);
  return root;
}

describe('aggregate command', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('asks the aggregate route with the grouping, measures, granularity, range and filters, and prints a table', async () => {
    // Prepare
    const requested: URL[] = [];
    vi.stubGlobal('fetch', async (url: URL) => {
      requested.push(new URL(url));
      return Response.json({
        rows: [{ flight_id: 100, period: '2025-01-10T00:00:00.000Z', count: 2, count_distinct_passenger_id: 2 }],
        queryId: 'q-1',
      });
    });
    const printed: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => printed.push(line));

    // Act
    await program().parseAsync(
      [
        'aggregate',
        '--dataset',
        'passengers',
        '--group-by',
        'flight_id',
        '--measures',
        'count,count_distinct:passenger_id',
        '--granularity',
        'day',
        '--from',
        '2025-01-10',
        '--to',
        '2025-01-12',
        '--filter',
        'seat_number=1A',
        '--api-url',
        'http://127.0.0.1:3999',
      ],
      { from: 'user' },
    );

    // Assert
    expect(requested.map((url) => `${url.pathname}?${url.searchParams}`)).toEqual([
      '/v1/datasets/passengers/aggregate?from=2025-01-10&to=2025-01-12&groupBy=flight_id&measures=count%2Ccount_distinct%3Apassenger_id&granularity=day&seat_number=1A',
    ]);
    expect(printed).toEqual([
      [
        'flight_id  period                    count  count_distinct_passenger_id',
        '---------  ------------------------  -----  ---------------------------',
        '100        2025-01-10T00:00:00.000Z  2      2',
      ].join('\n'),
      '1 rows (query q-1)',
    ]);
  });
});
