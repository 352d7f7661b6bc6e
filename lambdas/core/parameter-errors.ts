/** Collects every invalid parameter of a request, so one answer names them all instead of only the first. */
import { HttpError, invalidParameters, type ParameterError } from './http-response';

export class ParameterErrors {
  private readonly found: ParameterError[] = [];

  /** Runs one parameter's check; a 400 it throws is kept (under `parameter`) and the result is undefined. */
  check<T>(parameter: string, parse: () => T): T | undefined {
    try {
      return parse();
    } catch (error) {
      if (!(error instanceof HttpError) || error.statusCode !== 400) throw error;
      this.found.push(...(error.errors ?? [{ parameter, code: error.code, message: error.message }]));
      return undefined;
    }
  }

  /** Throws one 400 listing every invalid parameter seen, if there was any. */
  throwIfAny(): void {
    const [first, ...rest] = this.found;
    if (first) throw invalidParameters([first, ...rest]);
  }
}
