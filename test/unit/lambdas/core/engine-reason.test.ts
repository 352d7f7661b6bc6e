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

describe('publicEngineReason details', () => {
  it.each([
    ['a path opening the reason', '/var/lake/x.json fails', '<file> fails'],
    ['a path in brackets', 'Error (/var/lake/x.json)', 'Error (<file>)'],
    ['a path after an equals sign', 'Error path=/var/lake/x.json', 'Error path=<file>'],
    ['a path after a comma', 'Error at a,/var/lake/x.json', 'Error at a,<file>'],
    ['a path in square brackets', 'Error [/var/lake/x.json]', 'Error [<file>]'],
    ['a path ending a sentence', 'Cannot read /var/lake/x.json.', 'Cannot read <file>.'],
    ['a path followed by punctuation', 'Cannot read /var/lake/x.json;, then stop', 'Cannot read <file>;, then stop'],
    ['a Windows path', 'Cannot read C:\\lake\\x.json now', 'Cannot read <file> now'],
    ['a single segment, which is no file', 'Cannot read /tmp now', 'Cannot read /tmp now'],
    ['an s3a location in capitals', 'Cannot read S3A://bucket/raw/x.json now', 'Cannot read <s3 location> now'],
    ['a double-quoted relative path', 'Cannot read "raw/x.json" now', 'Cannot read "<file>" now'],
    ['two quoted texts, one a path', `Column "a" in 'raw/x.json'`, `Column "a" in '<file>'`],
    ['spaces around the first line', '   Binder Error: no column   \nLINE 1: SELECT', 'Binder Error: no column'],
    ['an empty reason', '', ''],
  ])('shows %s as the client may read it', (_case, reason, expected) => {
    // Act / Assert
    expect(publicEngineReason(reason)).toBe(expected);
  });

  it('keeps a reason of exactly 300 characters whole and cuts a longer one to 299 and an ellipsis', () => {
    // Prepare
    const exact = `E${'x'.repeat(299)}`;

    // Act
    const whole = publicEngineReason(exact);
    const cut = publicEngineReason(`${exact}y`);

    // Assert
    expect(whole).toBe(exact);
    expect(cut).toBe(`E${'x'.repeat(298)}…`);
  });
});
