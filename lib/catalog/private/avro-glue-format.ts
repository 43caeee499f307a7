import { ValidationProblem } from '../../validation/validation-problem';
import { AVRO_GLUE_FORMAT_VERSIONS } from '../artifact-catalog';
import { FlinkReleaseEntry } from '../flink-release-catalog';
import { JavaVersion } from '../java-version';
import { MavenCoordinate } from '../maven-coordinate';

/** The artifact of the `avro-glue` SQL format (a shaded SQL jar with the Glue Schema Registry SerDe and AWS SDK). */
export const AVRO_GLUE_FORMAT_ARTIFACT = 'flink-sql-avro-glue-schema-registry';

/** The chosen format jar, or the problem that stops the synth. */
export interface AvroGlueFormatChoice {
  readonly coordinate?: MavenCoordinate;
  readonly problems: ValidationProblem[];
}

function coordinate(version: string): MavenCoordinate {
  return {
    groupId: 'org.apache.flink',
    artifactId: AVRO_GLUE_FORMAT_ARTIFACT,
    version,
    scope: 'compile',
    minimumJava: JavaVersion.JAVA_11,
    purpose: 'avro-glue value format with the AWS Glue Schema Registry SerDe (RecordFormat.AVRO_GLUE)',
  };
}

/**
 * The `avro-glue` format jar for a Flink minor: the pin (which must carry the minor's suffix, like every
 * flink-connector-aws artifact), else the newest catalog release for the minor, else one problem naming the minor.
 */
export function chooseAvroGlueFormat(release: FlinkReleaseEntry, pinned: string | undefined): AvroGlueFormatChoice {
  const released = AVRO_GLUE_FORMAT_VERSIONS[release.minor] ?? [];
  if (pinned !== undefined) {
    if (!pinned.endsWith(`-${release.minor}`)) {
      return { problems: [{ path: 'artifacts.avroGlueFormatVersion', message: `is ${JSON.stringify(pinned)}, which is not built for Flink ${release.minor} (flink-connector-aws versions end with the Flink minor)`, fix: `pin a build for Flink ${release.minor}, e.g. "5.1.0-${release.minor}"` }] };
    }
    return { coordinate: coordinate(pinned), problems: [] };
  }
  const newest = released[released.length - 1];
  if (newest !== undefined) return { coordinate: coordinate(newest), problems: [] };
  return {
    problems: [{
      path: 'topics',
      message: `read RecordFormat.AVRO_GLUE (avro-glue), but no released org.apache.flink:${AVRO_GLUE_FORMAT_ARTIFACT} supports Flink ${release.minor} (the avro-glue SQL format is FLINK-24379, unreleased)`,
      fix: `pin artifacts.avroGlueFormatVersion to a build for Flink ${release.minor} in your Maven repository (e.g. "5.1.0-${release.minor}"), or use RecordFormat.JSON`,
    }],
  };
}
