import 'aws-sdk-client-mock-vitest/extend';

const BUNDLING_NOTICE = 'Bundling asset ';
const writeStderr = process.stderr.write.bind(process.stderr);

// CDK announces every asset it bundles on stderr and has no option to stop it; the bundles themselves are checked by
// the tests, so the announcement is dropped to keep the test output to what the tests report.
process.stderr.write = ((chunk: unknown, ...rest: unknown[]) =>
  typeof chunk === 'string' && chunk.startsWith(BUNDLING_NOTICE)
    ? true
    : (writeStderr as (...args: unknown[]) => boolean)(chunk, ...rest)) as typeof process.stderr.write;
