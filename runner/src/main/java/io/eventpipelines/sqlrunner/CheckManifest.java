package io.eventpipelines.sqlrunner;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;

/**
 * What the build-time check checks, written at synth time from the plan into the build context
 * ({@code lib/artifacts/runner-check-inputs.ts}): per job the script (and settings) it runs, the DDL of its sink tables
 * for the local catalog, and the schema of each source table. Paths are relative to the manifest's directory.
 *
 * <pre>
 * jobs = orders-to-lake
 * job.orders-to-lake.script = jobs/orders-to-lake.sql
 * job.orders-to-lake.settings = jobs/orders-to-lake.properties   (optional)
 * job.orders-to-lake.tables = jobs/orders-to-lake.tables.sql
 * job.orders-to-lake.sources = orders
 * job.customers-nightly.sources = customers__log:customers   (table:topic where the table is not named after its topic)
 * source.orders.schema = schemas/orders.columns
 * </pre>
 */
final class CheckManifest {

    /** The runner's argument that selects the check: {@code --check <manifest.properties>}. */
    static final String CHECK = "--check";

    /** One job to check. */
    static final class Job {
        final String name;
        final Path script;
        final Path settings;
        final Path tables;
        final List<Source> sources;

        Job(String name, Path script, Path settings, Path tables, List<Source> sources) {
            this.name = name;
            this.script = script;
            this.settings = settings;
            this.tables = tables;
            this.sources = Collections.unmodifiableList(sources);
        }

        /** The runner's command line for the job's script, as the self-hosted flavor passes it. */
        String[] runnerArguments() {
            return settings == null
                    ? new String[] {CommandLineInput.SCRIPT_FILE, script.toString()}
                    : new String[] {CommandLineInput.SCRIPT_FILE, script.toString(), CommandLineInput.SETTINGS_FILE, settings.toString()};
        }
    }

    /** A source table of a job (the Kafka table over a topic) and the file with its topic's columns. */
    static final class Source {
        final String table;
        final Path schema;

        Source(String table, Path schema) {
            this.table = table;
            this.schema = schema;
        }
    }

    private final List<Job> jobs;

    private CheckManifest(List<Job> jobs) {
        this.jobs = Collections.unmodifiableList(jobs);
    }

    List<Job> jobs() {
        return jobs;
    }

    static boolean applies(String[] args) {
        return args.length > 0 && CHECK.equals(args[0]);
    }

    static CheckManifest fromArguments(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: " + CHECK + " <manifest.properties>");
        }
        return read(java.nio.file.Paths.get(args[1]));
    }

    static CheckManifest read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Path dir = file.toAbsolutePath().getParent();
        List<Job> jobs = new ArrayList<>();
        for (String name : list(properties.getProperty("jobs", ""))) {
            String prefix = "job." + name + ".";
            String settings = properties.getProperty(prefix + "settings");
            List<Source> sources = new ArrayList<>();
            for (String entry : list(properties.getProperty(prefix + "sources", ""))) {
                int colon = entry.indexOf(':');
                String table = colon < 0 ? entry : entry.substring(0, colon);
                String topic = colon < 0 ? entry : entry.substring(colon + 1);
                sources.add(new Source(table, dir.resolve(required(properties, "source." + topic + ".schema", file))));
            }
            jobs.add(new Job(name,
                    dir.resolve(required(properties, prefix + "script", file)),
                    settings == null ? null : dir.resolve(settings),
                    dir.resolve(required(properties, prefix + "tables", file)),
                    sources));
        }
        if (jobs.isEmpty()) {
            throw new IllegalArgumentException(file + " names no jobs (key \"jobs\")");
        }
        return new CheckManifest(jobs);
    }

    private static String required(Properties properties, String key, Path file) {
        String value = properties.getProperty(key);
        if (value == null || value.trim().isEmpty()) {
            throw new IllegalArgumentException(file + " has no \"" + key + "\"");
        }
        return value.trim();
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.trim().isEmpty()) {
                items.add(item.trim());
            }
        }
        return items;
    }
}
