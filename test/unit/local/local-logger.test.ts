import { describe, expect, it } from 'vitest';
import { localLogger, localLogLevel } from '../../../local/local-logger';

describe('local mode log level', () => {
  it('is WARN when no level is set, so the console shows only warnings and errors', () => {
    // Act
    const level = localLogLevel({});

    // Assert
    expect(level).toBe('WARN');
  });

  it("honours Powertools' POWERTOOLS_LOG_LEVEL, then LOG_LEVEL, and LAKELINE_LOG_LEVEL before both", () => {
    // Act
    const levels = [
      localLogLevel({ POWERTOOLS_LOG_LEVEL: 'error', LOG_LEVEL: 'DEBUG' }),
      localLogLevel({ LOG_LEVEL: 'silent' }),
      localLogLevel({ LAKELINE_LOG_LEVEL: 'INFO', POWERTOOLS_LOG_LEVEL: 'ERROR' }),
    ];

    // Assert
    expect(levels).toEqual(['ERROR', 'SILENT', 'INFO']);
  });

  it('skips a value that is no log level', () => {
    // Act
    const level = localLogLevel({ LAKELINE_LOG_LEVEL: 'loud', POWERTOOLS_LOG_LEVEL: 'ERROR' });

    // Assert
    expect(level).toBe('ERROR');
  });

  it('gives a logger that drops INFO at WARN', () => {
    // Act
    const logger = localLogger('lakeline-local', { POWERTOOLS_LOG_LEVEL: 'WARN' });

    // Assert
    expect(logger.getLevelName()).toBe('WARN');
  });
});
