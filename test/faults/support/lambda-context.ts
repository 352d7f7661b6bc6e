import type { Context } from 'aws-lambda';

/** A Lambda context whose remaining time counts down from `timeoutMs` (a full 15 minutes when absent). */
export function lambdaContext(timeoutMs = 900_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: 'lakeline-ingest-passengers',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:lakeline-ingest-passengers',
    memoryLimitInMB: '512',
    awsRequestId: `request-${deadline}`,
    logGroupName: '/aws/lambda/lakeline-ingest-passengers',
    logStreamName: 'simulated',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
