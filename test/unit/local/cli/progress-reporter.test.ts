import { Writable } from 'node:stream';
import { setImmediate } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startProgress } from '../../../../local/cli/progress-reporter';

/** A terminal stand-in: a TTY 120 columns wide that keeps what is written to it. */
function fakeTerminal(): { stream: NodeJS.WriteStream; lines: () => string[] } {
  let output = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      output += chunk.toString('utf8');
      done();
    },
  });
  Object.assign(stream, { isTTY: true, columns: 120 });
  // A carriage return or a move to column 1 followed by text overwrites the line, as on a terminal.
  const lines = () =>
    stripVTControlCharacters(output.replaceAll('\x1b[1G', '\r'))
      .split('\n')
      .map((line) => line.split('\r').filter(Boolean).pop() ?? '');
  return { stream: stream as unknown as NodeJS.WriteStream, lines };
}

const BAR_LINE = /^publishing \|[\u2588\u2591]{40}\| \d+\/10 records$/;

describe('the publish progress bar', () => {
  it('draws a complete bar line again below a process warning emitted while publishing', async () => {
    // Prepare
    const terminal = fakeTerminal();
    const progress = startProgress({
      stream: terminal.stream,
      format: 'publishing |{bar}| {value}/{total} records',
      total: 10,
      payload: {},
    });
    progress.update(3, {});

    // Act
    process.emitWarning('The AWS SDK wants a newer Node.js', 'NodeVersionSupportWarning');
    await setImmediate();
    progress.update(6, {});
    progress.stop();

    // Assert
    const lines = terminal.lines();
    const warningAt = lines.findIndex((line) => line.includes('NodeVersionSupportWarning: The AWS SDK wants a newer Node.js'));
    expect(warningAt).toBeGreaterThanOrEqual(0);
    expect(lines[warningAt]).not.toContain('publishing |');
    expect(lines.slice(warningAt + 1).some((line) => BAR_LINE.test(line))).toBe(true);
  });

  it('writes console.error output above the bar and hands console and warnings back when stopped', () => {
    // Prepare
    const terminal = fakeTerminal();
    const { error } = console;
    const warningListeners = process.listeners('warning');
    const progress = startProgress({
      stream: terminal.stream,
      format: 'publishing |{bar}| {value}/{total} records',
      total: 10,
      payload: {},
    });

    // Act
    console.error('a note from a dependency');
    progress.update(10, {});
    progress.stop();

    // Assert
    const lines = terminal.lines();
    const noteAt = lines.indexOf('a note from a dependency');
    expect(noteAt).toBeGreaterThanOrEqual(0);
    expect(lines.slice(noteAt + 1).some((line) => BAR_LINE.test(line))).toBe(true);
    expect(console.error).toBe(error);
    expect(process.listeners('warning')).toEqual(warningListeners);
  });

  it('draws nothing when the stream is not a terminal', () => {
    // Prepare
    const terminal = fakeTerminal();
    Object.assign(terminal.stream, { isTTY: false });

    // Act
    const progress = startProgress({ stream: terminal.stream, format: '{bar}', total: 1, payload: {} });
    progress.update(1, {});
    progress.stop();

    // Assert
    expect(terminal.lines()).toEqual(['']);
  });
});
