import { isNoSpace } from '../spool/no-space';
import { SnsError } from './sns-error';

/**
 * Turns a spool write that failed for want of space into SNS's InternalError (HTTP 500), which the AWS SDKs retry, and
 * says so once on stderr when the disk fills up and once when publishes are stored again. The SNS Publish API lists
 * InternalError ("an internal service error", 500) among its errors:
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html; the SDKs retry HTTP 500 answers as transient:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
export function fullDiskNotice(dataDir: string, warn: (line: string) => void = (line) => console.warn(line)) {
  let full = false;
  return {
    async watch(written: Promise<void>): Promise<void> {
      try {
        await written;
      } catch (error) {
        if (!isNoSpace(error)) throw error;
        if (!full)
          warn(
            `lakeline local: the data directory ${dataDir} is full (ENOSPC); publishes are refused with InternalError until space is freed.`,
          );
        full = true;
        throw new SnsError(500, 'InternalError', 'The message could not be stored: the data directory has no free space left.', 'Receiver');
      }
      if (full) warn(`lakeline local: the data directory ${dataDir} has space again; publishes are stored.`);
      full = false;
    },
  };
}
