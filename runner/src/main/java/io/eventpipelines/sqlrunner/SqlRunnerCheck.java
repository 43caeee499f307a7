package io.eventpipelines.sqlrunner;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ExplainDetail;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The build-time check ({@code --check <manifest.properties>}), run by the deploy-time builds before anything is
 * published, inside the job's own Flink distribution ({@code flink run --target local}: the distribution's
 * {@code lib/} parent-first, the runner jar through Flink's user-code class loader). For every job it
 * <ol>
 *   <li>parses every statement of the job's script, with the job's settings;</li>
 *   <li>loads and instantiates every class the options name (Iceberg catalog and FileIO, Kafka callback handlers, the
 *       JAAS login module);</li>
 *   <li>runs the job's {@code CREATE CATALOG} as written (Iceberg's Flink catalog factory initializes the Glue catalog
 *       and S3FileIO offline), then replaces it by a local Hadoop catalog of the same name holding the sink tables'
 *       DDL; creates the source tables as written;</li>
 *   <li>plans every INSERT down to Flink's execution plan (connector, format and sink factories, runtime providers),
 *       without running it;</li>
 *   <li>decodes one sample record per source (value, and key if the table has a key format) through the table's
 *       format factory.</li>
 * </ol>
 * A failure exits non-zero with the job, the statement and the missing class, which stops the build.
 */
public final class SqlRunnerCheck {

    private SqlRunnerCheck() {
    }

    public static void main(String[] args) throws Exception {
        CheckManifest manifest = CheckManifest.fromArguments(args);
        List<String> failures = new ArrayList<>();
        for (CheckManifest.Job job : manifest.jobs()) {
            try {
                checkJob(job);
                System.out.println("SQL runner check: job \"" + job.name + "\" OK");
            } catch (CheckException e) {
                failures.add(e.getMessage());
                e.printStackTrace();
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("SQL runner check failed for " + failures.size() + " of " + manifest.jobs().size()
                    + " jobs:\n  " + String.join("\n  ", failures));
        }
    }

    /** A failed check step, with the job and statement in the message. */
    static final class CheckException extends Exception {
        private static final long serialVersionUID = 1L;

        CheckException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static void checkJob(CheckManifest.Job job) throws IOException, CheckException {
        RunnerInput input = CommandLineInput.read(job.runnerArguments());
        List<SqlStatement> statements;
        try {
            statements = SqlScriptSplitter.split(input.script());
        } catch (RuntimeException e) {
            throw new CheckException("job \"" + job.name + "\": the script does not split into statements: " + CheckFailure.describe(e), e);
        }
        Map<String, String> settings = SqlRunnerSettings.merge(input.settings(), statements);
        TableEnvironment env = TableEnvironment.create(
                EnvironmentSettings.newInstance().withConfiguration(Configuration.fromMap(settings)).build());
        ClassLoader loader = SqlRunnerCheck.class.getClassLoader();
        Path work = Files.createTempDirectory("sql-runner-check-");
        try {
            checkStatements(job, env, statements, loader, work);
        } finally {
            deleteQuietly(work);
        }
    }

    private static void checkStatements(CheckManifest.Job job, TableEnvironment env, List<SqlStatement> statements, ClassLoader loader, Path work)
            throws CheckException {
        Map<String, Map<String, String>> tables = new HashMap<>();
        int number = 0;
        for (SqlStatement statement : statements) {
            number++;
            String where = "job \"" + job.name + "\": statement " + number + " (" + SqlScriptSplitter.abbreviate(statement.sql()) + ")";
            try {
                checkStatement(env, statement, job, loader, work, tables);
            } catch (RuntimeException | LinkageError | ReflectiveOperationException | IOException e) {
                throw new CheckException(where + " failed: " + CheckFailure.describe(e), e);
            }
        }
        for (CheckManifest.Source source : job.sources) {
            String where = "job \"" + job.name + "\": sample record of source table " + source.table;
            try {
                decodeSamples(source, tables.get(source.table), work);
            } catch (RuntimeException | LinkageError | IOException e) {
                throw new CheckException(where + " failed: " + CheckFailure.describe(e), e);
            }
        }
    }

    /** Removes the check's temporary files (sample records, local warehouse); a leftover is not worth failing for. */
    private static void deleteQuietly(Path root) {
        try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // Left for the operating system's temporary-file cleanup.
        }
    }

    private static void checkStatement(TableEnvironment env, SqlStatement statement, CheckManifest.Job job, ClassLoader loader,
            Path work, Map<String, Map<String, String>> tables) throws ReflectiveOperationException, IOException {
        switch (SqlDdl.role(statement)) {
            case SETTING:
                return;
            case CATALOG: {
                Map<String, String> options = SqlDdl.options(statement.sql());
                String name = SqlDdl.createdName(statement.sql());
                if (!CatalogSubstitution.substitutes(options)) {
                    env.executeSql(statement.sql());
                    return;
                }
                List<String> classes = CatalogSubstitution.runtimeClasses(options);
                for (String className : classes) {
                    instantiate(loader, className);
                }
                // The job's own CREATE CATALOG, through Flink's catalog discovery and Iceberg's catalog factory: it
                // initializes the Glue catalog and S3FileIO with the job's options (clients built, no call made)...
                env.executeSql(statement.sql());
                // ...then a local stand-in under the same name holds the sink tables for planning.
                env.executeSql(CatalogSubstitution.dropCatalog(name));
                env.executeSql(CatalogSubstitution.localCatalog(name, work.resolve("warehouse-" + name).toUri().toString()));
                for (SqlStatement ddl : SqlScriptSplitter.split(new String(Files.readAllBytes(job.tables), StandardCharsets.UTF_8))) {
                    env.executeSql(ddl.sql());
                }
                System.out.println("  catalog " + name + ": " + String.join(", ", classes) + " loaded; local stand-in created with the sink tables");
                return;
            }
            case TABLE: {
                Map<String, String> options = SqlDdl.options(statement.sql());
                for (String className : SqlDdl.namedClasses(options)) {
                    instantiate(loader, className);
                }
                env.executeSql(statement.sql());
                tables.put(SqlDdl.createdName(statement.sql()), options);
                return;
            }
            case INSERT:
                env.explainSql(statement.sql(), ExplainDetail.JSON_EXECUTION_PLAN);
                System.out.println("  planned: " + SqlScriptSplitter.abbreviate(statement.sql()));
                return;
            case STATEMENT_SET: {
                StatementSet set = env.createStatementSet();
                for (String insert : statement.inserts()) {
                    set.addInsertSql(insert);
                }
                set.explain(ExplainDetail.JSON_EXECUTION_PLAN);
                System.out.println("  planned a statement set of " + statement.inserts().size() + " INSERTs");
                return;
            }
            default:
                env.executeSql(statement.sql());
        }
    }

    /** Loads a class the SQL names through the user-code class loader and creates an instance (no-argument constructor). */
    private static Object instantiate(ClassLoader loader, String className) throws ReflectiveOperationException {
        Class<?> type = Class.forName(className, true, loader);
        try {
            return type.getConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            // A login module or a class used statically: loaded and linked is all the check can ask.
            return type;
        }
    }

    private static void decodeSamples(CheckManifest.Source source, Map<String, String> tableOptions, Path work) throws IOException {
        if (tableOptions == null) {
            throw new IllegalStateException("the script creates no table " + source.table);
        }
        List<SampleRecords.Column> columns = SampleRecords.readSchema(Files.readAllLines(source.schema, StandardCharsets.UTF_8));
        SampleRecords.Encoding key = SampleRecords.key(tableOptions, columns);
        decode(source.table, SampleRecords.value(tableOptions, columns), work);
        if (key != null) {
            decode(source.table, key, work);
        }
    }

    /** Ends the sample query's job; a failure to close is reported, not fatal (the decode result is known). */
    private static void closeQuietly(CloseableIterator<Row> result) {
        try {
            result.close();
        } catch (Exception e) {
            System.out.println("  closing the sample query: " + e);
        }
    }

    private static void decode(String table, SampleRecords.Encoding encoding, Path work) throws IOException {
        if (!SampleRecords.generates(encoding.format)) {
            System.out.println("  " + table + " " + encoding.side + ": format " + encoding.format
                    + " is loaded and planned above but not decoded (it needs a service, e.g. the schema registry)");
            return;
        }
        String record = SampleRecords.record(encoding);
        Path dir = Files.createDirectories(work.resolve("samples").resolve(table + "-" + encoding.side));
        Files.write(dir.resolve("sample." + encoding.format), (record + "\n").getBytes(StandardCharsets.UTF_8));
        String name = "sample_" + encoding.side + "_" + table;
        TableEnvironment batch = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        batch.executeSql(SampleRecords.decodingTable(name, encoding, dir.toUri().toString()));
        int rows = 0;
        CloseableIterator<Row> result = batch.executeSql("SELECT * FROM `" + name + "`").collect();
        try {
            while (result.hasNext()) {
                Row row = result.next();
                rows++;
                for (int i = 0; i < row.getArity(); i++) {
                    if (row.getField(i) == null) {
                        throw new IllegalStateException(encoding.side + " column " + encoding.columns.get(i).name + " ("
                                + encoding.columns.get(i).type + ") decoded as NULL from " + record);
                    }
                }
            }
        } finally {
            closeQuietly(result);
        }
        if (rows != 1) {
            throw new IllegalStateException(encoding.side + " sample decoded to " + rows + " rows: " + record);
        }
        System.out.println("  " + table + " " + encoding.side + " (" + encoding.format + ") decoded: " + record);
    }
}
