import { SNSClient } from '@aws-sdk/client-sns';
import { datasets, findDataset } from '../../datasets';
import type { DatasetDefinition } from '../../lambdas/core/dataset';
import { type LocalConfig, readLocalConfig } from '../config';
import { LOCAL_REGION } from '../topics';
import { type Endpoint, endpointAt } from './unreachable-endpoint';

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {}

export function datasetNamed(name: string): DatasetDefinition {
  const dataset = findDataset(name);
  if (!dataset) throw new UsageError(`unknown dataset "${name}"; known: ${datasets.map((candidate) => candidate.name).join(', ')}`);
  return dataset;
}

export function positiveInteger(name: string) {
  return (text: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1)
      throw new UsageError(`${name} must be a positive integer, got "${text}"`);
    return value;
  };
}

/** The local mode's settings, read with its own checks; a value it would refuse is a usage error here too. */
export function localConfig(env: NodeJS.ProcessEnv = process.env): LocalConfig {
  try {
    return readLocalConfig(env);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function localUrl(port: number, variable: string): string {
  if (port === 0) throw new UsageError(`${variable} is 0 (any free port): set it to the port the local mode printed when it started`);
  return `http://127.0.0.1:${port}`;
}

export function localSnsUrl(env: NodeJS.ProcessEnv = process.env): string {
  return localUrl(localConfig(env).snsPort, 'LAKELINE_SNS_PORT');
}

export function localApiUrl(env: NodeJS.ProcessEnv = process.env): string {
  return localUrl(localConfig(env).apiPort, 'LAKELINE_API_PORT');
}

/** Local endpoint with dummy credentials, or AWS (default credential chain) when only a region is given. */
export function snsClientFor(options: { endpointUrl?: string; region?: string; local: boolean }): SNSClient {
  if (options.local) {
    return new SNSClient({
      endpoint: options.endpointUrl ?? localSnsUrl(),
      region: options.region ?? LOCAL_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }
  return new SNSClient({
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
}

/** The SNS endpoint a command publishes to, as an error for an endpoint that does not answer names it. */
export function snsEndpoint(options: { readonly endpointUrl?: string | undefined; readonly awsTopicArn?: string | undefined }): Endpoint {
  if (options.endpointUrl) return endpointAt('SNS endpoint', options.endpointUrl, '--endpoint-url');
  if (options.awsTopicArn) return { description: `AWS SNS (for --topic-arn ${options.awsTopicArn})`, local: false };
  return endpointAt('SNS endpoint', localSnsUrl());
}

/** The records API a command queries, named the same way. */
export function apiEndpoint(apiUrl: string | undefined): Endpoint {
  return apiUrl ? endpointAt('API', apiUrl, '--api-url') : endpointAt('API', localApiUrl());
}
