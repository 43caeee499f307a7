import { HADOOP_VERSION } from './artifact-catalog';
import { MavenExclusion } from './maven-coordinate';

/**
 * How the runner jar gives Iceberg's Flink catalog the Hadoop classes it needs, on both flavors, from the jar alone.
 *
 * The defect: `CREATE CATALOG … WITH ('type' = 'iceberg', …)` goes through Iceberg's `FlinkCatalogFactory`, which asks
 * Flink's `org.apache.flink.runtime.util.HadoopUtils` for a Hadoop configuration (an `HdfsConfiguration`, from
 * hadoop-hdfs-client). `org.apache.flink.*` and `org.apache.hadoop.*` are parent-first packages of Flink's user-code
 * class loader, so `HadoopUtils` comes from the distribution's `lib/`, where the vanilla Flink image (and a Flink
 * distribution) has no Hadoop: the statement fails with `NoClassDefFoundError`, however much Hadoop the job jar bundles.
 *
 * The fix (the one AWS's own Flink SQL + Iceberg sample for Managed Service for Apache Flink uses, see `source`):
 * bundle `hadoop-common` and relocate, in the shaded jar, `org.apache.hadoop.conf` and Flink's `HadoopUtils` to
 * packages that are not parent-first; the runner's own `HADOOP_UTILS_REPLACEMENT` takes `HadoopUtils`' place and gives
 * Iceberg a plain Hadoop `Configuration`. The same jar then works on MSF (whose `lib/` we do not control) and on the
 * self-hosted image without adding Hadoop to `/opt/flink/lib` — which would mix a parent-first Hadoop from `lib/` with
 * the relocated `Configuration` of the jar (the relocated classes would link against `lib/`'s `org.apache.hadoop.fs`,
 * `security`, … compiled for the unrelocated `Configuration`). The build-time check (`runner/README.md`) runs
 * `CREATE CATALOG` the way Flink loads the job, so a regression fails the build, not the deployment.
 */

/** A fact of the catalog and where it was checked. */
export interface SourcedFact {
  /** Where the fact was checked (repository, path, commit or page). */
  readonly source: string;
}

/** A `maven-shade-plugin` relocation. */
export interface ShadeRelocation extends SourcedFact {
  readonly pattern: string;
  readonly shadedPattern: string;
  /** Why the relocation is there (written into the generated pom). */
  readonly reason: string;
}

const AWS_SQL_SAMPLE = 'aws-samples/amazon-managed-service-for-apache-flink-examples java/Iceberg/IcebergSQLSink '
  + '(README "Known Flink issue: Hadoop library clash" and pom.xml <relocations>, commit 2153f99, 2026-06)';

/** The runner's stand-in for Flink's `HadoopUtils` inside the jar (source: `runner/src/hadoop/java`). */
export const HADOOP_UTILS_REPLACEMENT = 'io.eventpipelines.sqlrunner.hadoop.CatalogHadoopUtils';

/** Relocations that take the Iceberg catalog's Hadoop classes out of Flink's parent-first packages. */
export const ICEBERG_CATALOG_RELOCATIONS: readonly ShadeRelocation[] = [
  {
    pattern: 'org.apache.hadoop.conf',
    shadedPattern: 'io.eventpipelines.shaded.org.apache.hadoop.conf',
    reason: 'Hadoop Configuration from the jar, not parent-first from the Flink distribution (which has none)',
    source: AWS_SQL_SAMPLE,
  },
  {
    pattern: 'org.apache.flink.runtime.util.HadoopUtils',
    shadedPattern: HADOOP_UTILS_REPLACEMENT,
    reason: 'Iceberg\'s FlinkCatalogFactory calls the runner\'s CatalogHadoopUtils instead of Flink\'s HadoopUtils (which needs hadoop-hdfs-client in lib/)',
    source: AWS_SQL_SAMPLE,
  },
];

/** `org.apache.hadoop:hadoop-common` bundled for the Iceberg catalog, with what it must not bring along. */
export const ICEBERG_CATALOG_HADOOP: SourcedFact & { readonly version: string; readonly exclusions: readonly MavenExclusion[] } = {
  version: HADOOP_VERSION,
  exclusions: [
    // Logging bindings: the Flink runtime provides logging.
    { groupId: 'org.slf4j', artifactId: '*' },
    { groupId: 'ch.qos.reload4j', artifactId: '*' },
    { groupId: 'ch.qos.logback', artifactId: '*' },
    { groupId: 'log4j', artifactId: '*' },
    { groupId: 'org.apache.logging.log4j', artifactId: '*' },
    // Hadoop's Avro would clash with the Avro of the avro-confluent format.
    { groupId: 'org.apache.avro', artifactId: 'avro' },
    // Classes the Iceberg jars already carry unrelocated, at other versions (found by the build's banDuplicateClasses):
    // com.codahale.metrics in iceberg-flink-runtime; commons-codec and commons-logging in iceberg-aws-bundle.
    { groupId: 'io.dropwizard.metrics', artifactId: 'metrics-core' },
    { groupId: 'commons-codec', artifactId: 'commons-codec' },
    { groupId: 'commons-logging', artifactId: 'commons-logging' },
    // javax.activation 1.1 beside jakarta.activation-api 1.2.1 (the same javax.activation classes, newer), both from Hadoop.
    { groupId: 'javax.activation', artifactId: 'activation' },
  ],
  source: 'aws-samples/amazon-managed-service-for-apache-flink-examples java/Iceberg/S3TableSink/pom.xml (hadoop-common 3.4.0 '
    + 'excluding avro, slf4j-reload4j, slf4j-log4j12, logback; commit 2153f99); hadoop-common 3.4.1 is the 3.4 patch this catalog pins. '
    + 'Its Iceberg SQL sample relies on the relocations above: an earlier sample bundled hadoop-client, hadoop-common and '
    + 'hadoop-mapreduce-client-core unrelocated (S3TableSink before commit 0738e4d), which does not help CREATE CATALOG, '
    + 'because HadoopUtils is loaded parent-first',
};

/**
 * `org.apache.hadoop:hadoop-mapreduce-client-core`, without its dependencies: reading an Iceberg table's Parquet files
 * in Flink (Iceberg's FLIP-27 source) links against MapReduce's `FileInputFormat`, which hadoop-common lacks. Found by
 * the first local read of a table the runner jar had written (`NoClassDefFoundError:
 * org/apache/hadoop/mapreduce/lib/input/FileInputFormat` from the split fetcher); writing does not need it. Bundled and
 * relocated with hadoop-common (its references to `org.apache.hadoop.conf` follow the relocation); its own
 * dependencies (YARN, Netty, Guice, …) are what hadoop-common already brings or what a read never loads.
 */
export const ICEBERG_TABLE_READ_HADOOP: { readonly reason: string; readonly exclusions: readonly MavenExclusion[] } = {
  reason: 'MapReduce input formats the Parquet reader of an Iceberg table links against (reading tables), relocated with hadoop-common',
  exclusions: [{ groupId: '*', artifactId: '*' }],
};
