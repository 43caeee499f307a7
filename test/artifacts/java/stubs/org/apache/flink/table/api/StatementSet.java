package org.apache.flink.table.api;

public interface StatementSet {
    StatementSet addInsertSql(String statement);

    String explain(ExplainDetail... extraDetails);

    TableResult execute();
}
