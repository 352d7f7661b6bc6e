/**
 * Property-based test of PublishBatch as the form-encoded SNS Query protocol sends it: for generated member numberings
 * (gaps, duplicates of nothing, numbers out of order, beyond ten) and entries (valid, empty, with too many attributes),
 * no entry is ever dropped silently. Either the whole request is refused with a 4xx and nothing is stored, or every
 * entry sent is answered exactly once, as Successful (and stored) or as Failed. Seed fixed (FC_SEED to replay).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSnsAction, type TopicSink } from '../../local/sns/sns-actions';
import { SnsError } from '../../local/sns/sns-error';
import { readFormRequest } from '../../local/sns/sns-request';
import type { SpooledMessage } from '../../local/spool/spooled-message';
import { checkProperty } from '../support/fast-check-seed';

const ARN = 'arn:aws:sns:us-east-1:000000000000:lakeline-passengers';

const content = fc.record({
  message: fc.oneof(fc.constant(''), fc.json({ maxDepth: 1 })),
  attributes: fc.integer({ min: 0, max: 12 }),
});
const numbered = fc.record({ member: fc.integer({ min: 1, max: 14 }), content }).map(({ member, content }) => ({ member, ...content }));
/** Half the batches are numbered 1, 2, 3… as the SDKs send them; the others pick any distinct member numbers. */
const batches = fc.oneof(
  fc.array(content, { minLength: 1, maxLength: 12 }).map((list) => list.map((value, index) => ({ member: index + 1, ...value }))),
  fc.uniqueArray(numbered, { minLength: 1, maxLength: 12, selector: (value) => value.member }),
);

function formOf(entries: readonly { member: number; message: string; attributes: number }[]): URLSearchParams {
  const params = new URLSearchParams({ Action: 'PublishBatch', Version: '2010-03-31', TopicArn: ARN });
  for (const { member, message, attributes } of entries) {
    const base = `PublishBatchRequestEntries.member.${member}.`;
    params.append(`${base}Id`, `id-${member}`);
    params.append(`${base}Message`, message);
    for (let index = 1; index <= attributes; index++) {
      params.append(`${base}MessageAttributes.entry.${index}.Name`, `a${index}`);
      params.append(`${base}MessageAttributes.entry.${index}.Value.DataType`, 'String');
      params.append(`${base}MessageAttributes.entry.${index}.Value.StringValue`, 'v');
    }
  }
  return params;
}

describe('PublishBatch properties', () => {
  it('answers every entry sent exactly once, or refuses the whole request and stores nothing', async () => {
    await checkProperty(
      fc.asyncProperty(batches, async (entries) => {
        const stored: SpooledMessage[] = [];
        const sink: TopicSink = { arn: ARN, accept: async (messages) => void stored.push(...messages) };
        const sent = entries.map((value) => `id-${value.member}`).sort();
        const members = entries.map((value) => value.member).sort((a, b) => a - b);
        const numberedWithoutGaps = members.every((member, index) => member === index + 1);

        let answer: Record<string, unknown> | undefined;
        let refused: SnsError | undefined;
        try {
          answer = await runSnsAction(readFormRequest(formOf(entries)), { topics: new Map([[ARN, sink]]) });
        } catch (error) {
          if (!(error instanceof SnsError)) throw error;
          refused = error;
        }

        if (refused) {
          expect(refused.status).toBeGreaterThanOrEqual(400);
          expect(refused.status).toBeLessThan(500);
          expect(stored).toEqual([]);
          if (!numberedWithoutGaps) expect(refused.message).toMatch(/PublishBatchRequestEntries\.member\.\d+/);
          return;
        }
        expect(numberedWithoutGaps).toBe(true);
        const successful = (answer?.Successful ?? []) as { Id: string; MessageId: string }[];
        const failed = (answer?.Failed ?? []) as { Id: string }[];
        expect([...successful, ...failed].map((value) => value.Id).sort()).toEqual(sent);
        expect(stored.map((message) => message.messageId).sort()).toEqual(successful.map((value) => value.MessageId).sort());
      }),
      500,
    );
  });
});
