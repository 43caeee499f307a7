import { RecordFormat } from '../definition/kafka-options';
import { Flavor } from '../flavor';
import { JobPlan, TopicPlan } from '../plan/pipeline-plan';
import { PipelineValidationError, ValidationProblem, throwIfProblems } from '../validation/validation-problem';
import { chooseKafkaClients } from './kafka-clients';
import {
  MSF_RUNTIME_LIBRARY_VERSION, MSK_IAM_AUTH_SDK_EXCLUSION, MSK_IAM_AUTH_VERSIONS, ZSTD_JNI_EXCLUSION, SLF4J_API_VERSION,
  flinkMinimumJava, icebergMinimumJava, kafkaConnectorMinimumJava, mskIamAuthMinimumJava,
} from './artifact-catalog';
import { FlinkReleaseEntry, findFlinkRelease } from './flink-release-catalog';
import { managedRuntime, runtimeCatalogOf, selfHostedRuntime } from './flavor-runtimes';
import { ICEBERG_CATALOG_HADOOP, ICEBERG_CATALOG_RELOCATIONS, ICEBERG_TABLE_READ_HADOOP } from './iceberg-catalog-hadoop';
import { JavaVersion } from './java-version';
import { chooseAvroGlueFormat } from './private/avro-glue-format';
import { KafkaConnectorVariant } from './kafka-connector-variant';
import { MavenCoordinate, coordinateId } from './maven-coordinate';
import {
  RuntimeJava, artifactJavaRule, describeLowest, flavorOffersRule, icebergRuntimeRule, icebergVersionRule,
  kafkaConnectorVersionRule, newestRunnable, pinSyntaxRule, shadedConnectorRule, unknownMinorProblem,
} from './private/artifact-rules';
import { ArtifactPins, ArtifactRequest, ResolvedArtifacts } from './resolved-artifacts';

function flink(artifactId: string, release: FlinkReleaseEntry, scope: MavenCoordinate['scope'], purpose: string): MavenCoordinate {
  return { groupId: 'org.apache.flink', artifactId, version: release.patch, scope, minimumJava: flinkMinimumJava(release.patch), purpose };
}

interface Choice {
  readonly version?: string;
  readonly problems: ValidationProblem[];
}

function chooseIceberg(release: FlinkReleaseEntry, pins: ArtifactPins, runtimes: readonly RuntimeJava[], lowest: JavaVersion, catalogsRule: ValidationProblem[]): Choice {
  if (catalogsRule.length > 0) return { problems: catalogsRule };
  const newestForLowest = newestRunnable(release.icebergVersions, lowest, icebergMinimumJava);
  const pinned = pins.icebergVersion;
  if (pinned !== undefined) {
    const problems = icebergVersionRule(release, pinned);
    if (problems.length > 0) return { problems };
    return {
      version: pinned,
      problems: artifactJavaRule({
        path: 'artifacts.icebergVersion',
        coordinate: `org.apache.iceberg:iceberg-flink-runtime-${release.minor}:${pinned}`,
        needs: icebergMinimumJava(pinned),
        runtimes,
        lowest,
        fix: newestForLowest !== undefined
          ? `use Iceberg ${newestForLowest} (the newest for ${lowest}), or remove the pin`
          : `run every flavor on ${icebergMinimumJava(pinned)} or newer`,
      }),
    };
  }
  if (newestForLowest !== undefined) return { version: newestForLowest, problems: [] };
  const oldest = release.icebergVersions[0];
  return {
    problems: [{
      path: 'flinkVersion',
      message: `no Iceberg release for Flink ${release.minor} runs on ${lowest}: org.apache.iceberg:iceberg-flink-runtime-${release.minor}:${oldest} already needs ${icebergMinimumJava(oldest).describe()}, but ${describeLowest(runtimes, lowest)}`,
      fix: `run every flavor on ${icebergMinimumJava(oldest)} or newer, or use a Flink version with an Iceberg release for ${lowest}`,
    }],
  };
}

function chooseMskIamAuth(pins: ArtifactPins, runtimes: readonly RuntimeJava[], lowest: JavaVersion): Choice {
  const newest = newestRunnable(MSK_IAM_AUTH_VERSIONS, lowest, mskIamAuthMinimumJava);
  const version = pins.mskIamAuthVersion ?? newest;
  if (version === undefined) return { problems: [] };
  if (!MSK_IAM_AUTH_VERSIONS.includes(version)) {
    return { problems: [{ path: 'artifacts.mskIamAuthVersion', message: `software.amazon.msk:aws-msk-iam-auth:${version} is not in the version catalog (known: ${MSK_IAM_AUTH_VERSIONS.join(', ')})`, fix: `use ${newest ?? MSK_IAM_AUTH_VERSIONS[MSK_IAM_AUTH_VERSIONS.length - 1]}, or remove the pin` }] };
  }
  return {
    version,
    problems: artifactJavaRule({
      path: 'artifacts.mskIamAuthVersion',
      coordinate: `software.amazon.msk:aws-msk-iam-auth:${version}`,
      needs: mskIamAuthMinimumJava(version),
      runtimes,
      lowest,
      fix: `use aws-msk-iam-auth ${newest ?? MSK_IAM_AUTH_VERSIONS[0]} (the newest for ${lowest}), or remove the pin`,
    }),
  };
}

/**
 * Resolves the artifact set of a pipeline for the requested flavors: the Flink patch, the runner's Java release (the
 * lowest runtime Java, so one jar runs on every flavor), every Maven coordinate, and each flavor's runtime.
 *
 * Throws one PipelineValidationError listing every incompatibility (runtime Java older than an artifact needs, no
 * Iceberg runtime for the Flink version, a flavor that does not offer the version, the shaded Kafka connector with MSK
 * IAM, an unknown Flink version), each naming the artifact, the versions and the fix.
 */
export function resolveArtifacts(request: ArtifactRequest): ResolvedArtifacts {
  const pins = request.pins ?? {};
  const release = findFlinkRelease(request.flinkVersion.minor);
  if (release === undefined) throw new PipelineValidationError(request.subject, [unknownMinorProblem(request.flinkVersion.minor), ...pinSyntaxRule(pins)]);
  const problems: ValidationProblem[] = [...pinSyntaxRule(pins)];
  const catalogs = request.flavors.map(runtimeCatalogOf);
  problems.push(...flavorOffersRule(release, catalogs));
  problems.push(...catalogs.flatMap((c) => c.pinProblems(release, pins)));
  throwIfProblems(request.subject, problems);

  const runtimes: RuntimeJava[] = catalogs.map((c) => ({ catalog: c, java: c.java(release, pins), label: `the ${c.flavor.id} flavor (${c.describe(release, pins)})` }));
  const runnerJava = JavaVersion.lowest(runtimes.map((r) => r.java)) ?? release.defaultImageJava;
  const mskIamAuth = request.mskIamAuth ?? catalogs.some((c) => c.usesMskIam);
  const variant = pins.kafkaConnectorVariant ?? KafkaConnectorVariant.UNSHADED;
  const connectorVersion = pins.kafkaConnectorVersion ?? release.kafkaConnectorVersions[release.kafkaConnectorVersions.length - 1];
  problems.push(...shadedConnectorRule(variant, mskIamAuth), ...kafkaConnectorVersionRule(release, connectorVersion));

  const connector: MavenCoordinate = { groupId: 'org.apache.flink', artifactId: variant.artifactId, version: `${connectorVersion}-${release.minor}`, scope: 'compile', minimumJava: kafkaConnectorMinimumJava(connectorVersion), purpose: 'Kafka source tables (brings kafka-clients, kept unrelocated)' };
  problems.push(...artifactJavaRule({ path: 'artifacts.kafkaConnectorVersion', coordinate: coordinateId(connector), needs: connector.minimumJava, runtimes, lowest: runnerJava, fix: 'use an older connector release, or a newer runtime Java' }));
  const clients = chooseKafkaClients(connectorVersion, variant);
  problems.push(...clients.problems);
  const dependencies: MavenCoordinate[] = [
    clients.coordinate !== undefined ? { ...connector, exclusions: [{ groupId: 'org.apache.kafka', artifactId: 'kafka-clients' }] } : connector,
    ...(clients.coordinate !== undefined ? [clients.coordinate] : []),
    flink('flink-connector-base', release, 'compile', 'base classes of the Kafka source (bundled in case the runtime lacks them)'),
  ];
  const formats = request.recordFormats ?? [RecordFormat.JSON];
  if (formats.some((f) => f.flinkFormat === RecordFormat.JSON.flinkFormat)) dependencies.push(flink('flink-json', release, 'compile', 'json key/value format'));
  if (formats.some((f) => f.flinkFormat === RecordFormat.AVRO.flinkFormat)) dependencies.push(flink('flink-sql-avro-confluent-registry', release, 'compile', 'avro-confluent key/value format with its schema registry client'));
  if (formats.some((f) => f.flinkFormat === RecordFormat.AVRO_GLUE.flinkFormat)) {
    const glue = chooseAvroGlueFormat(release, pins.avroGlueFormatVersion);
    problems.push(...glue.problems);
    if (glue.coordinate !== undefined) dependencies.push(glue.coordinate);
  }

  if (mskIamAuth) {
    const iam = chooseMskIamAuth(pins, runtimes, runnerJava);
    problems.push(...iam.problems);
    if (iam.version !== undefined) {
      dependencies.push({ groupId: 'software.amazon.msk', artifactId: 'aws-msk-iam-auth', version: iam.version, scope: 'compile', minimumJava: mskIamAuthMinimumJava(iam.version), purpose: 'MSK IAM authentication (SASL AWS_MSK_IAM), next to the unrelocated kafka-clients' });
    }
  }

  let icebergVersion: string | undefined;
  if (request.writesIceberg) {
    const iceberg = chooseIceberg(release, pins, runtimes, runnerJava, icebergRuntimeRule(release, catalogs));
    problems.push(...iceberg.problems);
    icebergVersion = iceberg.version;
    if (icebergVersion !== undefined) {
      const minimumJava = icebergMinimumJava(icebergVersion);
      dependencies.push(
        { groupId: 'org.apache.iceberg', artifactId: `iceberg-flink-runtime-${release.minor}`, version: icebergVersion, scope: 'compile', minimumJava, purpose: 'Iceberg catalog and sink (bundles iceberg-aws, not the AWS SDK)' },
        { groupId: 'org.apache.iceberg', artifactId: 'iceberg-aws-bundle', version: icebergVersion, scope: 'compile', minimumJava, purpose: 'AWS SDK for GlueCatalog and S3FileIO, same version as the runtime' },
        { groupId: 'org.apache.hadoop', artifactId: 'hadoop-common', version: ICEBERG_CATALOG_HADOOP.version, scope: 'compile', minimumJava: JavaVersion.JAVA_8, purpose: 'Hadoop Configuration the Iceberg Flink catalog needs, relocated into the jar (see lib/catalog/iceberg-catalog-hadoop.ts)', exclusions: ICEBERG_CATALOG_HADOOP.exclusions },
        { groupId: 'org.apache.hadoop', artifactId: 'hadoop-mapreduce-client-core', version: ICEBERG_CATALOG_HADOOP.version, scope: 'compile', minimumJava: JavaVersion.JAVA_8, purpose: ICEBERG_TABLE_READ_HADOOP.reason, exclusions: ICEBERG_TABLE_READ_HADOOP.exclusions },
      );
    }
  }
  throwIfProblems(request.subject, problems);
  const withOneSdk = oneCopyOfEachLibrary(dependencies);

  const warnings = release.kafkaConnectorSuffixVerified ? [] : [
    `${coordinateId(connector)}: the "-${release.minor}" suffix of the Kafka connector is not verified in the version catalog; check that it is on Maven Central before deploying, or pin artifacts.kafkaConnectorVersion`,
  ];
  return {
    flinkVersion: request.flinkVersion,
    flinkPatch: release.patch,
    runnerJava,
    icebergVersion,
    kafkaConnectorVariant: variant,
    dependencies: withOneSdk,
    relocations: icebergVersion !== undefined ? ICEBERG_CATALOG_RELOCATIONS : [],
    providedDependencies: [
      flink('flink-table-api-java', release, 'provided', 'TableEnvironment#executeSql'),
      { groupId: 'com.amazonaws', artifactId: 'aws-kinesisanalytics-runtime', version: MSF_RUNTIME_LIBRARY_VERSION, scope: 'provided', minimumJava: JavaVersion.JAVA_8, purpose: 'runtime properties on Managed Service for Apache Flink' },
      { groupId: 'org.slf4j', artifactId: 'slf4j-api', version: SLF4J_API_VERSION, scope: 'provided', minimumJava: JavaVersion.JAVA_8, purpose: 'logging' },
    ],
    selfHosted: request.flavors.some((f) => f.id === Flavor.SELF_HOSTED.id) ? selfHostedRuntime(release, pins) : undefined,
    managed: request.flavors.some((f) => f.id === Flavor.MANAGED.id) ? managedRuntime(release) : undefined,
    warnings,
  };
}

/**
 * Leaves out of the Kafka and MSK jars the libraries the Iceberg jars carry unrelocated at another version, so the
 * shaded jar holds one version of each: the AWS SDK of aws-msk-iam-auth (iceberg-aws-bundle has every class it uses,
 * see MSK_IAM_AUTH_SDK_EXCLUSION) and the zstd-jni of kafka-clients (iceberg-flink-runtime bundles zstd-jni 1.5.7 with
 * its native libraries; kafka-clients' 1.5.6 classes would load against them).
 */
function oneCopyOfEachLibrary(dependencies: readonly MavenCoordinate[]): MavenCoordinate[] {
  const bundlesSdk = dependencies.some((d) => d.artifactId === 'iceberg-aws-bundle');
  const bundlesZstd = dependencies.some((d) => d.artifactId.startsWith('iceberg-flink-runtime-'));
  return dependencies.map((d): MavenCoordinate => {
    if (bundlesSdk && d.artifactId === 'aws-msk-iam-auth') {
      return { ...d, purpose: `${d.purpose}; its AWS SDK comes from iceberg-aws-bundle (one SDK version in the jar)`, exclusions: [...(d.exclusions ?? []), MSK_IAM_AUTH_SDK_EXCLUSION] };
    }
    if (bundlesZstd && (d.artifactId === 'kafka-clients' || d.artifactId === KafkaConnectorVariant.UNSHADED.artifactId)) {
      return { ...d, exclusions: [...(d.exclusions ?? []), ZSTD_JNI_EXCLUSION] };
    }
    return d;
  });
}

/** The record formats (keys and values) of the topics the jobs read: they decide the format jars. */
export function recordFormatsRead(topics: readonly TopicPlan[], jobs: readonly JobPlan[]): RecordFormat[] {
  const read = topics.filter((t) => jobs.some((j) => j.sources.includes(t.name)));
  return [...new Set(read.flatMap((t) => (t.keyFormat.recordFormat !== undefined ? [t.keyFormat.recordFormat, t.valueFormat] : [t.valueFormat])))];
}
