import { HttpError } from '../../lambdas/core/http-response';

/** The HttpError a parser throws for a bad request; fails the test when it throws nothing or something else. */
export function rejection(run: () => unknown): HttpError {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
