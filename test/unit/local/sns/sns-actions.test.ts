import { describe, expect, it } from 'vitest';
import { runSnsAction, type TopicSink } from '../../../../local/sns/sns-actions';
import { SnsError } from '../../../../local/sns/sns-error';
import { readFormRequest } from '../../../../local/sns/sns-request';
import type { SpooledMessage } from '../../../../local/spool/spooled-message';

const ARN = 'arn:aws:sns:us-east-1:000000000000:lakeline-passengers';

function topics() {
  const accepted: SpooledMessage[] = [];
  const sink: TopicSink = {
    arn: ARN,
    accept: async (messages) => {
      accepted.push(...messages);
    },
  };
  return { accepted, context: { topics: new Map([[ARN, sink]]) } };
}

function attributes(count: number, prefix = ''): Record<string, string> {
  const params: Record<string, string> = {};
  for (let index = 1; index <= count; index++) {
    params[`${prefix}MessageAttributes.entry.${index}.Name`] = `a${index}`;
    params[`${prefix}MessageAttributes.entry.${index}.Value.DataType`] = 'String';
    params[`${prefix}MessageAttributes.entry.${index}.Value.StringValue`] = `v${index}`;
  }
  return params;
}

/** Runs a form-encoded request; answers the result or the SNS error it was refused with. */
async function run(params: Record<string, string>, context = topics().context) {
  try {
    return { result: await runSnsAction(readFormRequest(new URLSearchParams(params)), context) };
  } catch (error) {
    if (!(error instanceof SnsError)) throw error;
    return { error: { status: error.status, code: error.code, message: error.message } };
  }
}

describe('SNS actions: message attributes', () => {
  it('refuses a Publish with 11 message attributes with ParameterValueInvalid and accepts one with 10', async () => {
    // Prepare
    const { accepted, context } = topics();
    const base = { Action: 'Publish', TopicArn: ARN, Message: '{}' };

    // Act
    const eleven = await run({ ...base, ...attributes(11) }, context);
    const ten = await run({ ...base, ...attributes(10) }, context);

    // Assert
    expect(eleven).toEqual({
      error: { status: 400, code: 'ParameterValueInvalid', message: 'Number of message attributes [11] exceeds the allowed maximum [10].' },
    });
    expect(ten.result).toHaveProperty('MessageId');
    expect(accepted.map((message) => Object.keys(message.messageAttributes ?? {}).length)).toEqual([10]);
  });

  it('answers a PublishBatch entry with 11 message attributes as Failed with ParameterValueInvalid and stores the others', async () => {
    // Prepare
    const { accepted, context } = topics();

    // Act
    const answer = await run(
      {
        Action: 'PublishBatch',
        TopicArn: ARN,
        'PublishBatchRequestEntries.member.1.Id': 'many',
        'PublishBatchRequestEntries.member.1.Message': '{}',
        ...attributes(11, 'PublishBatchRequestEntries.member.1.'),
        'PublishBatchRequestEntries.member.2.Id': 'few',
        'PublishBatchRequestEntries.member.2.Message': '{}',
        ...attributes(2, 'PublishBatchRequestEntries.member.2.'),
      },
      context,
    );

    // Assert
    expect(answer.result?.Failed).toEqual([
      {
        Id: 'many',
        Code: 'ParameterValueInvalid',
        Message: 'Number of message attributes [11] exceeds the allowed maximum [10].',
        SenderFault: true,
      },
    ]);
    expect(((answer.result?.Successful ?? []) as { Id: string }[]).map((entry) => entry.Id)).toEqual(['few']);
    expect(accepted).toHaveLength(1);
  });

  it('reads a form with thousands of message attributes in linear time', () => {
    // Prepare
    const small = new URLSearchParams({ Action: 'Publish', TopicArn: ARN, Message: '{}', ...attributes(1_000) });
    const large = new URLSearchParams({ Action: 'Publish', TopicArn: ARN, Message: '{}', ...attributes(8_000) });
    const time = (params: URLSearchParams) => {
      const started = performance.now();
      readFormRequest(params);
      return performance.now() - started;
    };
    time(small);

    // Act
    const smallMs = time(small);
    const largeMs = time(large);

    // Assert
    expect(largeMs).toBeLessThan(200);
    expect(largeMs).toBeLessThan(Math.max(20, smallMs * 8 * 4));
  });
});

describe('SNS actions: PublishBatch member numbering', () => {
  it('refuses a PublishBatch whose members skip a number with a 400 naming the missing member, and stores nothing', async () => {
    // Prepare
    const { accepted, context } = topics();

    // Act
    const answer = await run(
      {
        Action: 'PublishBatch',
        TopicArn: ARN,
        'PublishBatchRequestEntries.member.1.Id': 'one',
        'PublishBatchRequestEntries.member.1.Message': '{}',
        'PublishBatchRequestEntries.member.3.Id': 'three',
        'PublishBatchRequestEntries.member.3.Message': '{}',
      },
      context,
    );

    // Assert
    expect(answer.error).toMatchObject({ status: 400, code: 'InvalidParameter' });
    expect(answer.error?.message).toContain('PublishBatchRequestEntries.member.2');
    expect(accepted).toEqual([]);
  });

  it('refuses message attributes that skip a number with a 400 naming the missing entry', async () => {
    // Prepare
    const params = { Action: 'Publish', TopicArn: ARN, Message: '{}', ...attributes(3) };
    delete (params as Record<string, string>)['MessageAttributes.entry.2.Name'];
    delete (params as Record<string, string>)['MessageAttributes.entry.2.Value.DataType'];
    delete (params as Record<string, string>)['MessageAttributes.entry.2.Value.StringValue'];

    // Act
    const answer = await run(params);

    // Assert
    expect(answer.error).toMatchObject({ status: 400, code: 'InvalidParameter' });
    expect(answer.error?.message).toContain('MessageAttributes.entry.2');
  });
});
