import type { ErrorType } from './sns-xml';

/** An error answered in the AWS error format with its HTTP status. */
export class SnsError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: ErrorType = 'Sender',
  ) {
    super(message);
  }
}

export const invalidParameter = (message: string) => new SnsError(400, 'InvalidParameter', `Invalid parameter: ${message}`);
export const topicNotFound = () => new SnsError(404, 'NotFound', 'Topic does not exist');
