package io.eventpipelines.sqlrunner;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
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
        run(tableEnvironment, statements);
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

    private static void run(TableEnvironment tableEnvironment, List<SqlStatement> statements) {
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
                        tableEnvironment.executeSql(statement.sql());
                }
            } catch (RuntimeException e) {
                throw new IllegalStateException("statement " + number + " failed: "
                        + SqlScriptSplitter.abbreviate(statement.sql()) + " (" + e.getMessage() + ")", e);
            }
        }
    }
}
