package org.apache.flink.types;

public final class Row {
    private final Object field;

    public Row(Object field) {
        this.field = field;
    }

    public int getArity() {
        return 1;
    }

    public Object getField(int pos) {
        return field;
    }
}
