package org.apache.flink.table.api;

public interface TableEnvironment {
    static TableEnvironment create(EnvironmentSettings settings) {
        throw new UnsupportedOperationException();
    }

    TableResult executeSql(String statement);

    String explainSql(String statement, ExplainDetail... extraDetails);

    StatementSet createStatementSet();
}
