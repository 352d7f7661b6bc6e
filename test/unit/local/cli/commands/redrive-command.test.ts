import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueDoesNotExist,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deadLetterQueueName, stageNamePrefix } from '../../../../../lib/resource-names';
import { startAwsRedrive } from '../../../../../local/cli/commands/redrive-command';

const sqs = mockClient(SQSClient);
const dlqUrl = 'https://sqs.eu-west-1.amazonaws.com/123456789012/lakeline-prod-passengers-dlq';
const dlqArn = 'arn:aws:sqs:eu-west-1:123456789012:lakeline-prod-passengers-dlq';

describe('startAwsRedrive', () => {
  let client: SQSClient;

  beforeEach(() => {
    sqs.reset();
    client = new SQSClient({ region: 'eu-west-1' });
  });

  afterEach(() => client.destroy());

  it('names the dead-letter queue as the CDK stack does', () => {
    // Act + Assert
    expect(deadLetterQueueName(stageNamePrefix('prod'), 'passengers')).toBe('lakeline-prod-passengers-dlq');
    expect(deadLetterQueueName(stageNamePrefix('dev'), 'flight_legs')).toBe('lakeline-dev-flight_legs-dlq');
  });

  it('looks the dead-letter queue up by stage and dataset and starts a move task from its ARN', async () => {
    // Prepare
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: dlqUrl });
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: dlqArn, ApproximateNumberOfMessages: '7' } });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-1' });

    // Act
    const result = await startAwsRedrive(client, { dataset: 'passengers', stage: 'prod' });

    // Assert
    expect(result).toEqual({ started: true, taskHandle: 'task-1', sourceArn: dlqArn, messages: 7 });
    expect(sqs).toHaveReceivedCommandWith(GetQueueUrlCommand, { QueueName: 'lakeline-prod-passengers-dlq' });
    expect(sqs).toHaveReceivedCommandWith(GetQueueAttributesCommand, { QueueUrl: dlqUrl });
    expect(sqs).toHaveReceivedCommandTimes(StartMessageMoveTaskCommand, 1);
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({ SourceArn: dlqArn });
  });

  it('uses a given DLQ ARN directly, with the destination and rate asked for', async () => {
    // Prepare
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-2' });

    // Act
    const result = await startAwsRedrive(client, {
      dataset: 'passengers',
      dlqArn,
      destinationArn: 'arn:aws:sqs:eu-west-1:123456789012:lakeline-prod-passengers',
      maxPerSecond: 10,
    });

    // Assert
    expect(result).toEqual({ started: true, taskHandle: 'task-2', sourceArn: dlqArn });
    expect(sqs).not.toHaveReceivedCommand(GetQueueUrlCommand);
    expect(sqs).toHaveReceivedCommandWith(StartMessageMoveTaskCommand, {
      SourceArn: dlqArn,
      DestinationArn: 'arn:aws:sqs:eu-west-1:123456789012:lakeline-prod-passengers',
      MaxNumberOfMessagesPerSecond: 10,
    });
  });

  it('reads the ARN of a DLQ given by URL', async () => {
    // Prepare
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: dlqArn, ApproximateNumberOfMessages: '2' } });
    sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: 'task-3' });

    // Act
    const result = await startAwsRedrive(client, { dataset: 'passengers', dlqUrl });

    // Assert
    expect(result).toMatchObject({ started: true, sourceArn: dlqArn, messages: 2 });
    expect(sqs).not.toHaveReceivedCommand(GetQueueUrlCommand);
  });

  it('starts no move task when the dead-letter queue is empty', async () => {
    // Prepare
    sqs.on(GetQueueUrlCommand).resolves({ QueueUrl: dlqUrl });
    sqs.on(GetQueueAttributesCommand).resolves({ Attributes: { QueueArn: dlqArn, ApproximateNumberOfMessages: '0' } });

    // Act
    const result = await startAwsRedrive(client, { dataset: 'passengers', stage: 'prod' });

    // Assert
    expect(result).toEqual({ started: false, sourceArn: dlqArn, messages: 0 });
    expect(sqs).not.toHaveReceivedCommand(StartMessageMoveTaskCommand);
  });

  it('lets the SQS error through when the queue does not exist', async () => {
    // Prepare
    sqs.on(GetQueueUrlCommand).rejects(new QueueDoesNotExist({ message: 'The specified queue does not exist.', $metadata: {} }));

    // Act
    const redrive = startAwsRedrive(client, { dataset: 'passengers', stage: 'nope' });

    // Assert
    await expect(redrive).rejects.toThrow('The specified queue does not exist.');
    expect(sqs).not.toHaveReceivedCommand(StartMessageMoveTaskCommand);
  });
});
