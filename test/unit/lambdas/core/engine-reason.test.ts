import { describe, expect, it } from 'vitest';
import { publicEngineReason } from '../../../../lambdas/core/engine-reason';

describe('publicEngineReason', () => {
  it.each([
    [
      'DuckDB naming a lake file, with the SQL on the next lines',
      'Invalid Input Error: Malformed JSON in file "/home/ada/.lakeline/lake/raw/passengers/dt=2025-08-02/ab.json.gz", at byte 17 in line 2: no low surrogate in string. \n\nLINE 1: SELECT "name" FROM read_json(...)',
      'Invalid Input Error: Malformed JSON in file "<file>", at byte 17 in line 2: no low surrogate in string.',
    ],
    [
      'Athena naming an S3 object',
      'HIVE_BAD_DATA: Error parsing field value for field 2: in file s3://lakeline-dev-lake/raw/passengers/dt=2025-08-02/ab.json.gz',
      'HIVE_BAD_DATA: Error parsing field value for field 2: in file <s3 location>',
    ],
    [
      'an unquoted absolute path',
      'IO Error: Cannot open file /tmp/x/y.parquet: No such file',
      'IO Error: Cannot open file <file>: No such file',
    ],
    ['a single-quoted Windows path', "IO Error: could not read 'C:\\lake\\raw\\x.json.gz'", "IO Error: could not read '<file>'"],
    ['a reason without paths', 'Binder Error: column "no_such_column" not found', 'Binder Error: column "no_such_column" not found'],
  ])('keeps the reason and hides every path for %s', (_case, reason, expected) => {
    // Act
    const shown = publicEngineReason(reason);

    // Assert
    expect(shown).toBe(expected);
  });

  it('cuts a long reason to 300 characters', () => {
    // Act
    const shown = publicEngineReason(`Error: ${'x'.repeat(1000)}`);

    // Assert
    expect(shown).toHaveLength(300);
    expect(shown.endsWith('…')).toBe(true);
  });
});
