/** Region and account every local ARN uses (the values LocalStack-style tools expect). */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

export function topicName(dataset: string): string {
  return `lakeline-${dataset}`;
}

export function topicArn(dataset: string): string {
  return `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${topicName(dataset)}`;
}

export function queueArn(dataset: string): string {
  return `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${topicName(dataset)}`;
}
