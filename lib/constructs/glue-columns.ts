import type { ColumnType, DatasetDefinition } from '../../lambdas/core/dataset';
import { storedColumns } from '../../lambdas/core/dataset';

/** Hive type of each dataset column type, as the Glue table declares it. */
const GLUE_TYPES: Readonly<Record<ColumnType, string>> = {
  string: 'string',
  int: 'int',
  bigint: 'bigint',
  double: 'double',
  boolean: 'boolean',
  date: 'date',
  timestamp: 'timestamp',
};

export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/** The Glue table columns of a dataset: its own columns then the lineage columns, in stored order. */
export function glueColumns(dataset: DatasetDefinition): GlueColumn[] {
  return storedColumns(dataset).map((column) => ({ name: column.name, type: GLUE_TYPES[column.type], comment: column.description }));
}
