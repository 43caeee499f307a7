import { coordinateId } from '../../lib/catalog/maven-coordinate';
import { resolveArtifacts } from '../../lib/catalog/resolve-artifacts';
import { ArtifactRequest, ResolvedArtifacts } from '../../lib/catalog/resolved-artifacts';
import { FlinkVersion } from '../../lib/definition/flink-version';
import { RecordFormat } from '../../lib/definition/kafka-options';
import { Flavor } from '../../lib/flavor';
import { PipelineValidationError } from '../../lib/validation/validation-problem';
import { AVRO_GLUE_PIPELINE } from '../fixtures/avro-glue-pipeline';
import { examplePlan } from '../support/test-app';

function resolve(flinkVersion: FlinkVersion, extra: Partial<ArtifactRequest> = {}): ResolvedArtifacts {
  return resolveArtifacts({ subject: 'pipeline "orders"', flinkVersion, flavors: Flavor.ALL, writesIceberg: true, recordFormats: [RecordFormat.AVRO_GLUE], ...extra });
}

function messageOf(body: () => unknown): string {
  try {
    body();
  } catch (e) {
    if (e instanceof PipelineValidationError) return e.message;
    throw e;
  }
  throw new Error('expected a PipelineValidationError');
}

describe('the avro-glue format jar in the resolved artifacts', () => {
  test.each([FlinkVersion.V1_19, FlinkVersion.V1_20, FlinkVersion.V2_2])('fails on Flink %s without a pin: no released format jar', (version) => {
    expect(messageOf(() => resolve(version))).toContain(
      `topics: read RecordFormat.AVRO_GLUE (avro-glue), but no released org.apache.flink:flink-sql-avro-glue-schema-registry supports Flink ${version.minor} `
      + `(the avro-glue SQL format is FLINK-24379, unreleased) — pin artifacts.avroGlueFormatVersion to a build for Flink ${version.minor} in your Maven repository (e.g. "5.1.0-${version.minor}"), or use RecordFormat.JSON`,
    );
  });

  test.each([FlinkVersion.V1_19, FlinkVersion.V1_20, FlinkVersion.V2_2])('Flink %s with a pin for its minor adds the jar to the runner', (version) => {
    const pin = `5.1.0-${version.minor}`;
    expect(resolve(version, { pins: { avroGlueFormatVersion: pin }, writesIceberg: version.minor.startsWith('1.') }).dependencies.map(coordinateId)).toContain(`org.apache.flink:flink-sql-avro-glue-schema-registry:${pin}`);
  });

  test('fails if the pin is built for another Flink minor', () => {
    expect(messageOf(() => resolve(FlinkVersion.V1_19, { pins: { avroGlueFormatVersion: '5.1.0-1.20' } }))).toContain(
      'artifacts.avroGlueFormatVersion: is "5.1.0-1.20", which is not built for Flink 1.19 (flink-connector-aws versions end with the Flink minor) — pin a build for Flink 1.19, e.g. "5.1.0-1.19"',
    );
  });

  test('JSON pipelines do not get the jar; the fixture pipeline resolves it from its pin', () => {
    expect(resolve(FlinkVersion.V1_20, { recordFormats: [RecordFormat.JSON] }).dependencies.map((d) => d.artifactId)).not.toContain('flink-sql-avro-glue-schema-registry');
    expect(examplePlan('dev', Flavor.ALL, AVRO_GLUE_PIPELINE).artifacts.dependencies.map(coordinateId)).toContain('org.apache.flink:flink-sql-avro-glue-schema-registry:5.1.0-1.20');
  });
});
