import { readFile } from 'node:fs/promises';
import SwaggerParser from '@apidevtools/swagger-parser';
import { describe, expect, it } from 'vitest';
import { datasets } from '../../../../datasets';
import { buildOpenApiDocument } from '../../../../lambdas/core/openapi';
import { BIGINT_FILTER_PATTERN } from '../../../../lambdas/core/sql-parameter';

describe('OpenAPI document', () => {
  it('is exactly the committed, reviewed document for the project datasets and the default settings', async () => {
    // Prepare
    const expected = JSON.parse(await readFile(new URL('../../../fixtures/openapi.json', import.meta.url), 'utf8'));
    const { buildOpenApiDocument: build } = await import('../../../../lambdas/core/openapi');

    // Act
    const document = build(datasets);

    // Assert
    expect(document).toStrictEqual(expected);
  });

  it('is a valid OpenAPI 3 document', async () => {
    // Prepare
    const document = buildOpenApiDocument(datasets);

    // Act
    const validate = SwaggerParser.validate(structuredClone(document) as never);

    // Assert
    await expect(validate).resolves.toMatchObject({ openapi: '3.0.3', paths: { '/v1/datasets': expect.any(Object) } });
  });

  it('lists a typed query parameter for each filterable column and the api key scheme', () => {
    // Act
    const document = buildOpenApiDocument(datasets) as {
      paths: Record<string, { get: { parameters: { name?: string; schema?: Record<string, unknown> }[]; security?: unknown } }>;
      components: { securitySchemes: Record<string, unknown> };
    };

    // Assert
    const operation = document.paths['/v1/datasets/passengers/records']?.get;
    const names = operation?.parameters.map((parameter) => parameter.name);
    expect(names).toEqual(expect.arrayContaining(['from', 'to', 'columns', 'limit', 'order', 'passenger_id', 'flight_id', 'seat_number']));
    expect(names).not.toContain('name');
    expect(operation?.parameters.find((parameter) => parameter.name === 'passenger_id')?.schema).toMatchObject({
      pattern: BIGINT_FILTER_PATTERN,
    });
    expect(operation?.security).toEqual([{ apiKey: [] }]);
    expect(document.components.securitySchemes.apiKey).toEqual({ type: 'apiKey', in: 'header', name: 'x-api-key' });
  });

  it('tells in the records operation when an answer may come from a stored result, with the configured age', () => {
    // Act
    const document = buildOpenApiDocument(datasets, { resultReuseMaxAgeMinutes: 3 }) as {
      paths: Record<string, { get: { description: string } }>;
    };

    // Assert
    const description = document.paths['/v1/datasets/passengers/records']?.get.description ?? '';
    expect(description).toContain('up to 3 minutes');
    expect(description).toContain('includes today');
  });

  it('says no stored result is reused when reuse is off', () => {
    // Act
    const document = buildOpenApiDocument(datasets, { resultReuseMaxAgeMinutes: 0 }) as {
      paths: Record<string, { get: { description: string } }>;
    };

    // Assert
    expect(document.paths['/v1/datasets/passengers/records']?.get.description).toContain('every request runs the query afresh');
  });

  it('documents the row cap and the truncated flag of a records page', () => {
    // Act
    const document = buildOpenApiDocument(datasets, { maxResultRows: 500 }) as {
      paths: Record<string, { get: { description: string } }>;
      components: { schemas: Record<string, { properties: Record<string, { type?: string; description?: string }> }> };
    };

    // Assert
    expect(document.paths['/v1/datasets/passengers/records']?.get.description).toContain('500 rows');
    for (const page of ['PassengersPage', 'QueryPage']) {
      expect(document.components.schemas[page]?.properties.truncated).toMatchObject({ type: 'boolean' });
      expect(document.components.schemas[page]?.properties.truncated?.description).toContain('500');
    }
  });
});
