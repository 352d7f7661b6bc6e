/** Physical names shared by the CDK stack and the tools that look its resources up (the redrive command). */

/** Prefix of every physical name of a stage: `lakeline-<stage>`. */
export function stageNamePrefix(stage: string): string {
  return `lakeline-${stage}`;
}

/** `<prefix>-<dataset>`: the dataset's topic, queue and ingest function. */
export function datasetResourceName(namePrefix: string, dataset: string): string {
  return `${namePrefix}-${dataset}`;
}

/** `<prefix>-<dataset>-dlq`: the dataset's dead-letter queue. */
export function deadLetterQueueName(namePrefix: string, dataset: string): string {
  return `${datasetResourceName(namePrefix, dataset)}-dlq`;
}
