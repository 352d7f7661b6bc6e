import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Quarantine } from '../../../../local/spool/quarantine';
import { nodeSpoolFiles } from '../../../../local/spool/spool-files';
import { listSequenced, recoverSpool, sequenceName, sequenceOf } from '../../../../local/spool/spool-recovery';
import type { SpooledMessage } from '../../../../local/spool/spooled-message';
import { spooledMessage } from '../../../fixtures/spooled-messages';
import { temporaryDirectories } from '../../../support/temporary-directories';

const segmentLine = (message: SpooledMessage, f?: number) => `${JSON.stringify(f === undefined ? { m: message } : { m: message, f })}\n`;
const journalLine = (line: object) => `${JSON.stringify(line)}\n`;

describe('spool recovery: what a restart finds', () => {
  const newDirectory = temporaryDirectories('lakeline-recover-');

  async function spoolDir() {
    const dir = await newDirectory();
    const paths = { segmentsDir: join(dir, 'segments'), batchesDir: join(dir, 'batches'), journalPath: join(dir, 'journal.ndjson') };
    await mkdir(paths.segmentsDir);
    await mkdir(paths.batchesDir);
    const quarantine = new Quarantine(join(dir, 'quarantine'), nodeSpoolFiles, () => {});
    return { paths, quarantine, recover: () => recoverSpool(paths, quarantine) };
  }

  it('names a sequence with ten digits and reads the number back', () => {
    // Act
    const name = sequenceName(42, '.json');

    // Assert
    expect(name).toBe('0000000042.json');
    expect(sequenceOf(name)).toBe(42);
  });

  it('lists the numbered files of one extension in numeric order', async () => {
    // Prepare
    const { paths } = await spoolDir();
    for (const name of ['10.json', '9.json', '0000000011.json', 'notes.json', 'notes2.json', '12.json.tmp', '13.ndjson']) {
      await writeFile(join(paths.batchesDir, name), '');
    }

    // Act
    const names = await listSequenced(paths.batchesDir, '.json');

    // Assert
    expect(names).toEqual(['9.json', '10.json', '0000000011.json']);
  });

  it('finds nothing in an empty spool without a journal', async () => {
    // Prepare
    const { recover } = await spoolDir();

    // Act
    const recovered = await recover();

    // Assert
    expect(recovered).toEqual({ segmentNames: [], interrupted: [], live: [], pending: [], maxBatch: 0 });
  });

  it('keeps the highest receive count recorded for a message in a segment, the journal or a manifest', async () => {
    // Prepare
    const { paths, recover } = await spoolDir();
    const [fromSegment, fromJournal, fromManifest, oldJournal] = [
      spooledMessage('{"s":1}'),
      spooledMessage('{"j":1}'),
      spooledMessage('{"m":1}'),
      spooledMessage('{"o":1}'),
    ];
    await writeFile(
      join(paths.segmentsDir, sequenceName(1, '.ndjson')),
      segmentLine(fromSegment, 4) + segmentLine(fromJournal, 1) + segmentLine(fromManifest, 1) + segmentLine(oldJournal, 2),
    );
    await writeFile(
      paths.journalPath,
      journalLine({
        batch: 1,
        stored: [],
        failed: [fromSegment.messageId, fromJournal.messageId],
        deadLettered: [],
        receiveCounts: [2, 3],
      }) + journalLine({ batch: 2, stored: [], failed: [oldJournal.messageId], deadLettered: [] }),
    );
    await writeFile(
      join(paths.batchesDir, sequenceName(3, '.json')),
      JSON.stringify({ sequence: 3, messages: [{ message: fromManifest, receiveCount: 5 }] }),
    );

    // Act
    const recovered = await recover();

    // Assert
    expect(recovered.live).toEqual([
      { message: fromSegment, receiveCount: 4 },
      { message: fromJournal, receiveCount: 3 },
      { message: fromManifest, receiveCount: 5 },
      { message: oldJournal, receiveCount: 2 },
    ]);
    expect(recovered.pending.map((entry) => entry.message)).toEqual([fromSegment, fromJournal, oldJournal]);
    expect(recovered.interrupted).toEqual([{ sequence: 3, messages: [{ message: fromManifest, receiveCount: 5 }] }]);
    expect(recovered.segmentNames).toEqual(['0000000001.ndjson']);
  });

  it('drops the messages the journal stored or dead-lettered, and the manifests of completed or finished batches', async () => {
    // Prepare
    const { paths, recover } = await spoolDir();
    const [stored, dead, waiting] = [spooledMessage('{"s":1}'), spooledMessage('{"d":1}'), spooledMessage('{"w":1}')];
    await writeFile(join(paths.segmentsDir, sequenceName(1, '.ndjson')), segmentLine(stored) + segmentLine(dead) + segmentLine(waiting));
    await writeFile(
      paths.journalPath,
      journalLine({ batch: 1, stored: [stored.messageId], failed: [], deadLettered: [] }) +
        journalLine({ batch: 5, stored: [], failed: [], deadLettered: [dead.messageId] }),
    );
    await writeFile(
      join(paths.batchesDir, sequenceName(1, '.json')),
      JSON.stringify({ sequence: 1, messages: [{ message: stored, receiveCount: 1 }] }),
    );
    await writeFile(
      join(paths.batchesDir, sequenceName(7, '.json')),
      JSON.stringify({ sequence: 7, messages: [{ message: dead, receiveCount: 1 }] }),
    );

    // Act
    const recovered = await recover();

    // Assert
    expect(recovered.live).toEqual([{ message: waiting, receiveCount: 0 }]);
    expect(recovered.pending).toEqual([{ message: waiting, receiveCount: 0 }]);
    expect(recovered.interrupted).toEqual([]);
    expect(recovered.maxBatch).toBe(7);
    expect(await readdir(paths.batchesDir)).toEqual([]);
  });

  it('keeps a manifest whose batch has one unfinished message, and counts the highest batch number', async () => {
    // Prepare
    const { paths, recover } = await spoolDir();
    const [stored, open] = [spooledMessage('{"s":1}'), spooledMessage('{"o":1}')];
    await writeFile(join(paths.segmentsDir, sequenceName(1, '.ndjson')), segmentLine(stored) + segmentLine(open));
    await writeFile(paths.journalPath, journalLine({ batch: 2, stored: [stored.messageId], failed: [], deadLettered: [] }));
    const manifest = {
      sequence: 3,
      messages: [
        { message: stored, receiveCount: 1 },
        { message: open, receiveCount: 1 },
      ],
    };
    await writeFile(join(paths.batchesDir, sequenceName(3, '.json')), JSON.stringify(manifest));

    // Act
    const recovered = await recover();

    // Assert
    expect(recovered.interrupted).toEqual([manifest]);
    expect(recovered.live).toEqual([{ message: open, receiveCount: 1 }]);
    expect(recovered.pending).toEqual([]);
    expect(recovered.maxBatch).toBe(3);
    expect(await readdir(paths.batchesDir)).toEqual(['0000000003.json']);
  });

  it('takes a batch the journal completed as done, even when a manifest of it is left and a message of it failed', async () => {
    // Prepare
    const { paths, recover } = await spoolDir();
    const failed = spooledMessage('{"f":1}');
    await writeFile(join(paths.segmentsDir, sequenceName(1, '.ndjson')), segmentLine(failed));
    await writeFile(
      paths.journalPath,
      journalLine({ batch: 1, stored: [], failed: [failed.messageId], deadLettered: [], receiveCounts: [1] }),
    );
    await writeFile(
      join(paths.batchesDir, sequenceName(1, '.json')),
      JSON.stringify({ sequence: 1, messages: [{ message: failed, receiveCount: 1 }] }),
    );

    // Act
    const recovered = await recover();

    // Assert
    expect(recovered.interrupted).toEqual([]);
    expect(recovered.pending).toEqual([{ message: failed, receiveCount: 1 }]);
    expect(await readdir(paths.batchesDir)).toEqual([]);
  });

  it('moves a manifest that is JSON but no manifest to the quarantine before removing it', async () => {
    // Prepare
    const { paths, recover } = await spoolDir();
    await writeFile(join(paths.batchesDir, sequenceName(2, '.json')), '{"sequence":2,"messages":"none"}');

    // Act
    const recovered = await recover();

    // Assert
    expect(recovered.interrupted).toEqual([]);
    expect(await readdir(paths.batchesDir)).toEqual([]);
    const quarantined = await readdir(join(paths.batchesDir, '..', 'quarantine'));
    expect(quarantined).toHaveLength(1);
  });

  it('reads only segment and manifest files, never a temporary file left by a crash', async () => {
    // Prepare
    const { paths, recover } = await spoolDir();
    const message = spooledMessage('{"t":1}');
    await writeFile(join(paths.segmentsDir, sequenceName(1, '.ndjson')), segmentLine(message));
    await writeFile(join(paths.segmentsDir, `${sequenceName(2, '.ndjson')}.tmp`), 'torn');
    await writeFile(join(paths.batchesDir, `${sequenceName(4, '.json')}.tmp`), 'torn');

    // Act
    const recovered = await recover();

    // Assert
    expect(recovered.segmentNames).toEqual(['0000000001.ndjson']);
    expect(recovered.pending).toEqual([{ message, receiveCount: 0 }]);
    expect(recovered.maxBatch).toBe(0);
    expect(await readdir(join(paths.batchesDir, '..'))).not.toContain('quarantine');
  });

  it('reads the segments oldest first, so a later line of a message replaces an earlier one', async () => {
    // Prepare
    const { paths, recover } = await spoolDir();
    const message = spooledMessage('{}');
    await writeFile(join(paths.segmentsDir, '10.ndjson'), segmentLine(message, 2));
    await writeFile(join(paths.segmentsDir, '9.ndjson'), segmentLine(message, 1));

    // Act
    const recovered = await recover();

    // Assert
    expect(recovered.segmentNames).toEqual(['9.ndjson', '10.ndjson']);
    expect(recovered.live).toEqual([{ message, receiveCount: 2 }]);
  });
});
