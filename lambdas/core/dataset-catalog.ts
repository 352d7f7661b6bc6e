/**
 * The datasets use case: the body of `GET /v1/datasets` (every dataset with its columns, types, filters and partition
 * column), and the dataset a request names.
 */
import { type DatasetDefinition, PARTITION_KEY, storedColumns } from './dataset';
import { HttpError } from './http-response';

export interface DatasetSummary {
  readonly name: string;
  readonly description: string;
  readonly partitionColumn: string;
  readonly partitionKey: string;
  readonly columns: readonly {
    name: string;
    type: string;
    description: string;
    required: boolean;
    filterable: boolean;
    lineage: boolean;
  }[];
  readonly filters: readonly string[];
  readonly records: string;
}

export function describeDataset(dataset: DatasetDefinition): DatasetSummary {
  const own = new Set(dataset.columns.map((column) => column.name));
  return {
    name: dataset.name,
    description: dataset.description,
    partitionColumn: dataset.partitionColumn,
    partitionKey: PARTITION_KEY,
    columns: storedColumns(dataset).map((column) => ({
      name: column.name,
      type: column.type,
      description: column.description,
      required: column.required,
      filterable: column.filterable,
      lineage: !own.has(column.name),
    })),
    filters: dataset.columns.filter((column) => column.filterable).map((column) => column.name),
    records: `/v1/datasets/${dataset.name}/records`,
  };
}

export function describeDatasets(datasets: readonly DatasetDefinition[]): { datasets: DatasetSummary[] } {
  return { datasets: datasets.map(describeDataset) };
}

/** The dataset a request names; an unknown name is a 404 that lists the known ones. */
export function findDataset(datasets: readonly DatasetDefinition[], name: string): DatasetDefinition {
  const dataset = datasets.find((candidate) => candidate.name === name);
  if (dataset) return dataset;
  const known = datasets.map((candidate) => candidate.name).join(', ');
  throw new HttpError(404, 'dataset_not_found', `dataset ${JSON.stringify(name.slice(0, 64))} is not known; known datasets: ${known}`);
}
