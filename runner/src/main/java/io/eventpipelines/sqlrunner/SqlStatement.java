package io.eventpipelines.sqlrunner;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** One executable unit of a SQL script: a single statement, a {@code SET}, or a statement set of INSERTs. */
public final class SqlStatement {

    /** What the runner does with a statement. */
    public enum Kind {
        /** {@code TableEnvironment#executeSql}. */
        SINGLE,
        /** A configuration setting, applied when the TableEnvironment is created. */
        SET,
        /** {@code EXECUTE STATEMENT SET BEGIN ... END}: its INSERTs run as one job. */
        STATEMENT_SET
    }

    private final Kind kind;
    private final String sql;
    private final String key;
    private final String value;
    private final List<String> inserts;

    private SqlStatement(Kind kind, String sql, String key, String value, List<String> inserts) {
        this.kind = kind;
        this.sql = sql;
        this.key = key;
        this.value = value;
        this.inserts = inserts;
    }

    static SqlStatement single(String sql) {
        return new SqlStatement(Kind.SINGLE, sql, null, null, Collections.emptyList());
    }

    static SqlStatement set(String sql, String key, String value) {
        return new SqlStatement(Kind.SET, sql, key, value, Collections.emptyList());
    }

    static SqlStatement statementSet(String sql, List<String> inserts) {
        return new SqlStatement(Kind.STATEMENT_SET, sql, null, null, Collections.unmodifiableList(inserts));
    }

    public Kind kind() {
        return kind;
    }

    /** The statement text, without the terminating semicolon. */
    public String sql() {
        return sql;
    }

    /** For {@link Kind#SET}: the configuration key. */
    public String key() {
        return key;
    }

    /** For {@link Kind#SET}: the configuration value. */
    public String value() {
        return value;
    }

    /** For {@link Kind#STATEMENT_SET}: the INSERT statements, in order. */
    public List<String> inserts() {
        return inserts;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SqlStatement)) {
            return false;
        }
        SqlStatement other = (SqlStatement) o;
        return kind == other.kind && sql.equals(other.sql) && Objects.equals(key, other.key)
                && Objects.equals(value, other.value) && inserts.equals(other.inserts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, sql, key, value, inserts);
    }

    @Override
    public String toString() {
        return kind + "[" + sql + "]";
    }
}
