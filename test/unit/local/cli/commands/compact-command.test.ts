import { afterEach, describe, expect, it, vi } from 'vitest';
import { compactionLines, requestCompaction } from '../../../../../local/cli/commands/compact-command';

describe('compact command', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('asks the local mode with a POST naming the dataset and the day', async () => {
    // Prepare
    const requests: { url: string; method: string | undefined }[] = [];
    vi.stubGlobal('fetch', async (url: URL, init?: RequestInit) => {
      requests.push({ url: String(url), method: init?.method });
      return Response.json({ dataset: 'passengers', reports: [] });
    });

    // Act
    const answer = await requestCompaction('http://127.0.0.1:3000', 'passengers', '2026-01-02');

    // Assert
    expect(answer).toEqual({ dataset: 'passengers', reports: [] });
    expect(requests).toEqual([{ url: 'http://127.0.0.1:3000/local/compactions?dataset=passengers&day=2026-01-02', method: 'POST' }]);
  });

  it('fails with the status, code and message of a refusal', async () => {
    // Prepare
    vi.stubGlobal('fetch', async () =>
      Response.json({ error: { code: 'day_not_closed', message: '2026-01-02 is not closed yet' } }, { status: 409 }),
    );

    // Act
    const answer = requestCompaction('http://127.0.0.1:3000', 'passengers', '2026-01-02');

    // Assert
    await expect(answer).rejects.toThrow('HTTP 409 day_not_closed: 2026-01-02 is not closed yet');
  });

  it('prints one line per compacted day, saying whether it replaced a run', () => {
    // Act
    const lines = compactionLines({
      dataset: 'passengers',
      reports: [
        { day: '2026-01-02', runId: 'r1', rows: 1234, requests: 0 },
        { day: '2026-01-03', runId: 'r3', rows: 5, replacedRunId: 'r2', requests: 2 },
      ],
    });

    // Assert
    expect(lines).toEqual([
      'passengers 2026-01-02: 1234 rows, run r1 (first run of the day)',
      'passengers 2026-01-03: 5 rows, run r3 (replaced run r2, 2 late-record requests answered)',
    ]);
  });

  it('says when nothing was due', () => {
    // Act
    const lines = compactionLines({ dataset: 'passengers', reports: [] });

    // Assert
    expect(lines).toEqual(['passengers: nothing to compact']);
  });
});
