package org.apache.flink.util;

import java.util.Iterator;

@SuppressWarnings("try")
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {
    @Override
    void close() throws Exception;
}
