package org.apache.flink.table.api;

public enum ExplainDetail {
    ESTIMATED_COST,
    CHANGELOG_MODE,
    JSON_EXECUTION_PLAN,
    PLAN_ADVICE
}
