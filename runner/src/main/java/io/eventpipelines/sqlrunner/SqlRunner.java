package io.eventpipelines.sqlrunner;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs a generated Flink SQL script: reads it (program arguments on the Flink Kubernetes Operator, runtime property
 * groups on Managed Service for Apache Flink), splits it into statements, creates the TableEnvironment with the
 * settings (the input's settings plus every {@code SET} of the script: the runtime mode can only be chosen when the
 * environment is created), and runs each statement with {@link TableEnvironment#executeSql}; a statement set's INSERTs
 * run together as one job.
 */
public final class SqlRunner {

    private static final Logger LOG = LoggerFactory.getLogger(SqlRunner.class);

    /**
     * Setting naming a file that receives the rows of the script's queries ({@code SELECT}, {@code WITH},
     * {@code SHOW}), one JSON array per row; without it they are printed on standard output the same way. A deployed
     * job's script has no query, so this only serves scripts that read tables (e.g. {@code pipelines local query}).
     */
    static final String QUERY_OUTPUT = "sql-runner.query-output";

    private SqlRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (CheckManifest.applies(args)) {
            SqlRunnerCheck.main(args);
            return;
        }
        RunnerInput input = readInput(args);
        List<SqlStatement> statements = SqlScriptSplitter.split(input.script());
        Map<String, String> settings = SqlRunnerSettings.merge(input.settings(), statements);
        LOG.info("Running {} statements from {} with settings {}", statements.size(), input.source(), settings);
        TableEnvironment tableEnvironment = TableEnvironment.create(
                EnvironmentSettings.newInstance().withConfiguration(Configuration.fromMap(settings)).build());
        run(tableEnvironment, statements, settings.get(QUERY_OUTPUT));
    }

    static RunnerInput readInput(String[] args) throws Exception {
        if (CommandLineInput.applies(args)) {
            return CommandLineInput.read(args);
        }
        if (args.length == 0 && ManagedFlinkInput.available()) {
            return ManagedFlinkInput.read();
        }
        throw new IllegalArgumentException("no SQL script: pass " + CommandLineInput.SCRIPT_FILE
                + " <file.sql> [" + CommandLineInput.SETTINGS_FILE + " <file.properties>], or run on Managed Service for Apache Flink"
                + " with the script in runtime property groups " + PropertyGroupInput.SQL_GROUP_PREFIX + "0, ...");
    }

    /** Whether a statement returns rows to show (a query), as opposed to DDL, INSERT or SET. */
    static boolean isQuery(String sql) {
        String head = sql.replaceAll("(?s)^(\\s|--[^\n]*\n|/\\*.*?\\*/)*", "").toUpperCase(Locale.ROOT);
        return head.startsWith("SELECT") || head.startsWith("WITH") || head.startsWith("SHOW") || head.startsWith("DESCRIBE");
    }

    /** One row as a JSON array: strings quoted, numbers and booleans as they are, everything else as its text. */
    static String jsonRow(Row row) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < row.getArity(); i++) {
            if (i > 0) {
                out.append(',');
            }
            Object value = row.getField(i);
            if (value == null) {
                out.append("null");
            } else if (value instanceof Number || value instanceof Boolean) {
                out.append(value);
            } else {
                out.append('"');
                for (char c : value.toString().toCharArray()) {
                    if (c == '"' || c == '\\') {
                        out.append('\\').append(c);
                    } else if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
                out.append('"');
            }
        }
        return out.append(']').toString();
    }

    private static void writeRows(TableResult result, String outputFile) {
        CloseableIterator<Row> rows = result.collect();
        try {
            if (outputFile == null) {
                PrintStream out = System.out;
                rows.forEachRemaining(row -> out.println(jsonRow(row)));
                return;
            }
            try (Writer writer = Files.newBufferedWriter(Paths.get(outputFile), StandardCharsets.UTF_8)) {
                while (rows.hasNext()) {
                    writer.write(jsonRow(rows.next()));
                    writer.write('\n');
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not write the query's rows to " + outputFile + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(rows);
        }
    }

    private static void closeQuietly(CloseableIterator<Row> rows) {
        try {
            rows.close();
        } catch (Exception e) {
            LOG.warn("Could not close the query's result: {}", e.getMessage());
        }
    }

    private static void run(TableEnvironment tableEnvironment, List<SqlStatement> statements, String queryOutput) {
        int number = 0;
        for (SqlStatement statement : statements) {
            number++;
            try {
                switch (statement.kind()) {
                    case SET:
                        LOG.info("Statement {} applied when the environment was created: {}", number, statement.sql());
                        break;
                    case STATEMENT_SET:
                        LOG.info("Statement {}: statement set of {} INSERTs\n{}", number, statement.inserts().size(), statement.sql());
                        StatementSet set = tableEnvironment.createStatementSet();
                        for (String insert : statement.inserts()) {
                            set.addInsertSql(insert);
                        }
                        set.execute();
                        break;
                    default:
                        LOG.info("Statement {}:\n{}", number, statement.sql());
                        TableResult result = tableEnvironment.executeSql(statement.sql());
                        if (isQuery(statement.sql())) {
                            writeRows(result, queryOutput);
                        }
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("statement " + number + " failed: "
                        + SqlScriptSplitter.abbreviate(statement.sql()) + " (" + e.getMessage() + ")", e);
            }
        }
    }
}
