package org.apache.flink.table.api;

import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

public interface TableResult {
    CloseableIterator<Row> collect();
}
