/**
 * The Glue Data Catalog operations the compaction catalog calls, in the shapes of the Glue API's JSON (the same names
 * and nesting as the AWS SDK's inputs and outputs): https://docs.aws.amazon.com/glue/latest/webapi/API_Operations.html
 */

export interface GlueSerDeInfo {
  readonly SerializationLibrary?: string;
  readonly Parameters?: Readonly<Record<string, string>>;
}

export interface GlueColumn {
  readonly Name: string;
  readonly Type?: string;
  readonly Comment?: string;
}

export interface GlueStorageDescriptor {
  readonly Columns?: readonly GlueColumn[];
  readonly Location?: string;
  readonly InputFormat?: string;
  readonly OutputFormat?: string;
  readonly Compressed?: boolean;
  readonly SerdeInfo?: GlueSerDeInfo;
}

export interface GluePartition {
  readonly Values?: readonly string[];
  readonly StorageDescriptor?: GlueStorageDescriptor;
  readonly Parameters?: Readonly<Record<string, string>>;
}

export interface GluePartitionInput {
  readonly Values: readonly string[];
  readonly StorageDescriptor: GlueStorageDescriptor;
  readonly Parameters: Readonly<Record<string, string>>;
}

export interface GlueTableAddress {
  readonly DatabaseName: string;
  readonly TableName: string;
}

export interface GlueApi {
  /** https://docs.aws.amazon.com/glue/latest/webapi/API_GetTable.html */
  getTable(input: { readonly DatabaseName: string; readonly Name: string }): Promise<{
    readonly Table?: { readonly StorageDescriptor?: GlueStorageDescriptor };
  }>;
  /** https://docs.aws.amazon.com/glue/latest/webapi/API_GetPartitions.html */
  getPartitions(
    input: GlueTableAddress & { readonly Expression?: string; readonly NextToken?: string },
  ): Promise<{ readonly Partitions?: readonly GluePartition[]; readonly NextToken?: string }>;
  /** https://docs.aws.amazon.com/glue/latest/webapi/API_CreatePartition.html */
  createPartition(input: GlueTableAddress & { readonly PartitionInput: GluePartitionInput }): Promise<unknown>;
  /** https://docs.aws.amazon.com/glue/latest/webapi/API_UpdatePartition.html */
  updatePartition(
    input: GlueTableAddress & { readonly PartitionValueList: readonly string[]; readonly PartitionInput: GluePartitionInput },
  ): Promise<unknown>;
}

/** An error answer of the Glue API; `name` is its error type, e.g. `AlreadyExistsException`. */
export class GlueApiError extends Error {
  constructor(
    name: string,
    message: string,
    readonly statusCode: number,
  ) {
    super(message);
    this.name = name;
  }
}
