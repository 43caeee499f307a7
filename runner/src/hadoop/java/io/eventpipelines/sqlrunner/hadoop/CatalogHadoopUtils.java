package io.eventpipelines.sqlrunner.hadoop;

import org.apache.hadoop.conf.Configuration;

import java.util.Map;

/**
 * Takes the place of Flink's {@code org.apache.flink.runtime.util.HadoopUtils} for the Iceberg classes of the runner
 * jar: the generated pom relocates Iceberg's references to {@code HadoopUtils} onto this class, and
 * {@code org.apache.hadoop.conf} onto a package of the jar, so {@code CREATE CATALOG} needs no Hadoop in the Flink
 * distribution's {@code lib/} (see {@code lib/catalog/iceberg-catalog-hadoop.ts}). Only built into the jar when the
 * pipeline writes Iceberg.
 */
public final class CatalogHadoopUtils {

    /** Flink configuration keys with this prefix are passed to Hadoop without it, as Flink itself does. */
    static final String FLINK_HADOOP_PREFIX = "flink.hadoop.";

    private CatalogHadoopUtils() {
    }

    /**
     * A Hadoop configuration without Hadoop's default resources (the catalog uses S3FileIO, not a Hadoop file
     * system), plus the {@code flink.hadoop.*} settings of the Flink configuration.
     */
    public static Configuration getHadoopConfiguration(org.apache.flink.configuration.Configuration flinkConfiguration) {
        Configuration hadoop = new Configuration(false);
        for (Map.Entry<String, String> entry : flinkConfiguration.toMap().entrySet()) {
            if (entry.getKey().startsWith(FLINK_HADOOP_PREFIX)) {
                hadoop.set(entry.getKey().substring(FLINK_HADOOP_PREFIX.length()), entry.getValue());
            }
        }
        return hadoop;
    }
}
