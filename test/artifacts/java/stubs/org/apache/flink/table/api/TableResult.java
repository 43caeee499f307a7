package org.apache.flink.table.api;

public interface TableResult {
}
