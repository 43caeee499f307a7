package org.apache.flink.table.api;

import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;

/**
 * Prints every call. {@code SELECT} results are one row with one field, null if the system property {@code fake.null}
 * is set. {@code executeSql} of a statement starting with the system property {@code fake.fail.statement} fails the
 * way Flink does when a class is missing: a wrapping exception caused by {@code NoClassDefFoundError(fake.fail.class)}.
 */
public interface TableEnvironment {
    static TableEnvironment create(EnvironmentSettings settings) {
        System.out.println("create " + settings.description);
        return new TableEnvironment() {
            @Override
            public TableResult executeSql(String statement) {
                System.out.println("executeSql " + firstLine(statement));
                String failing = System.getProperty("fake.fail.statement");
                if (failing != null && statement.startsWith(failing)) {
                    throw new IllegalStateException("Could not execute " + firstLine(statement),
                            new NoClassDefFoundError(System.getProperty("fake.fail.class")));
                }
                return () -> rows(statement);
            }

            @Override
            public String explainSql(String statement, ExplainDetail... extraDetails) {
                System.out.println("explainSql " + Arrays.toString(extraDetails) + " " + firstLine(statement));
                return "plan";
            }

            @Override
            public StatementSet createStatementSet() {
                return new StatementSet() {
                    @Override
                    public StatementSet addInsertSql(String insert) {
                        System.out.println("addInsertSql " + firstLine(insert));
                        return this;
                    }

                    @Override
                    public String explain(ExplainDetail... extraDetails) {
                        System.out.println("explain statement set " + Arrays.toString(extraDetails));
                        return "plan";
                    }

                    @Override
                    public TableResult execute() {
                        throw new UnsupportedOperationException("the check never executes a statement set");
                    }
                };
            }
        };
    }

    static String firstLine(String sql) {
        int newline = sql.indexOf('\n');
        return newline < 0 ? sql : sql.substring(0, newline);
    }

    static CloseableIterator<Row> rows(String statement) {
        System.out.println("collect " + firstLine(statement));
        Iterator<Row> rows = Collections.singletonList(new Row(System.getProperty("fake.null") != null ? null : "value")).iterator();
        return new CloseableIterator<Row>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public Row next() {
                return rows.next();
            }

            @Override
            public void close() {
            }
        };
    }

    TableResult executeSql(String statement);

    String explainSql(String statement, ExplainDetail... extraDetails);

    StatementSet createStatementSet();
}
