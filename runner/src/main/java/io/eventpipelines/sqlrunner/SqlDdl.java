package io.eventpipelines.sqlrunner;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the check needs to know about a statement without Flink: its role, the object a {@code CREATE} names, the
 * {@code WITH ( 'key' = 'value', ... )} options, and the classes those options name.
 */
final class SqlDdl {

    /** What a statement does in a generated script. */
    enum Role {
        /** {@code SET}: applied when the TableEnvironment is created. */
        SETTING,
        /** {@code CREATE [TEMPORARY] TABLE}: a source table. */
        TABLE,
        /** {@code CREATE CATALOG}. */
        CATALOG,
        /** {@code INSERT INTO}: planned, never run. */
        INSERT,
        /** {@code EXECUTE STATEMENT SET}: its INSERTs planned together. */
        STATEMENT_SET,
        /** Anything else ({@code CREATE VIEW}, {@code CREATE FUNCTION}, {@code USE}): executed as is. */
        OTHER
    }

    private static final Pattern CREATE = Pattern.compile(
            "^CREATE\\s+(?:TEMPORARY\\s+)?(TABLE|CATALOG)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?((?:`(?:[^`]|``)*`|[\\w.]+)(?:\\s*\\.\\s*(?:`(?:[^`]|``)*`|\\w+))*)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern INSERT = Pattern.compile("^INSERT\\s+(?:INTO|OVERWRITE)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern WITH = Pattern.compile("\\bWITH\\s*\\(", Pattern.CASE_INSENSITIVE);

    private SqlDdl() {
    }

    static Role role(SqlStatement statement) {
        if (statement.kind() == SqlStatement.Kind.SET) {
            return Role.SETTING;
        }
        if (statement.kind() == SqlStatement.Kind.STATEMENT_SET) {
            return Role.STATEMENT_SET;
        }
        String sql = statement.sql().trim();
        Matcher create = CREATE.matcher(sql);
        if (create.find()) {
            return create.group(1).equalsIgnoreCase("CATALOG") ? Role.CATALOG : Role.TABLE;
        }
        return INSERT.matcher(sql).find() ? Role.INSERT : Role.OTHER;
    }

    /** The (last part of the) name a {@code CREATE TABLE|CATALOG} statement creates, without backticks. */
    static String createdName(String sql) {
        Matcher create = CREATE.matcher(sql.trim());
        if (!create.find()) {
            throw new IllegalArgumentException("not a CREATE TABLE or CREATE CATALOG statement: " + SqlScriptSplitter.abbreviate(sql));
        }
        String name = create.group(2);
        int dot = lastDotOutsideBackticks(name);
        String last = name.substring(dot + 1).trim();
        return last.startsWith("`") ? last.substring(1, last.length() - 1).replace("``", "`") : last;
    }

    private static int lastDotOutsideBackticks(String name) {
        boolean quoted = false;
        int dot = -1;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '`') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                dot = i;
            }
        }
        return dot;
    }

    /** The options of the statement's last top-level {@code WITH ( ... )} clause, in order (empty if none). */
    static Map<String, String> options(String sql) {
        int start = -1;
        Matcher with = WITH.matcher(sql);
        while (with.find()) {
            if (depthAt(sql, with.start()) == 0) {
                start = with.end();
            }
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (start < 0) {
            return options;
        }
        int i = start;
        while (true) {
            i = skipSpaceAndCommas(sql, i);
            if (i >= sql.length() || sql.charAt(i) == ')') {
                return options;
            }
            int[] end = new int[1];
            String key = literal(sql, i, end);
            i = skipSpace(sql, end[0]);
            if (i >= sql.length() || sql.charAt(i) != '=') {
                throw new IllegalArgumentException("option " + key + " has no '=' in " + SqlScriptSplitter.abbreviate(sql));
            }
            String value = literal(sql, skipSpace(sql, i + 1), end);
            options.put(key, value);
            i = end[0];
        }
    }

    /** Parenthesis depth at {@code position}, or -1 if the position is inside a string literal or quoted identifier. */
    private static int depthAt(String sql, int position) {
        int depth = 0;
        char quote = 0;
        for (int i = 0; i < position; i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '`' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
        }
        return quote != 0 ? -1 : depth;
    }

    private static String literal(String sql, int start, int[] end) {
        if (start >= sql.length() || sql.charAt(start) != '\'') {
            throw new IllegalArgumentException("expected a quoted option at offset " + start + " of " + SqlScriptSplitter.abbreviate(sql));
        }
        StringBuilder text = new StringBuilder();
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'') {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == '\'') {
                    text.append('\'');
                    i += 2;
                    continue;
                }
                end[0] = i + 1;
                return text.toString();
            }
            text.append(c);
            i++;
        }
        throw new IllegalArgumentException("unterminated option literal in " + SqlScriptSplitter.abbreviate(sql));
    }

    private static int skipSpace(String sql, int i) {
        while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipSpaceAndCommas(String sql, int i) {
        while (i < sql.length() && (Character.isWhitespace(sql.charAt(i)) || sql.charAt(i) == ',')) {
            i++;
        }
        return i;
    }

    /**
     * The Java classes the options name: values of keys ending in {@code .class}, {@code -impl} or {@code .impl}
     * (Kafka callback handlers, Iceberg catalog and FileIO implementations) and the login module of a
     * {@code sasl.jaas.config}, in order, without duplicates.
     */
    static List<String> namedClasses(Map<String, String> options) {
        List<String> classes = new ArrayList<>();
        for (Map.Entry<String, String> option : options.entrySet()) {
            String key = option.getKey().toLowerCase(Locale.ROOT);
            String value = option.getValue().trim();
            String named = null;
            if (key.endsWith(".class") || key.endsWith("-impl") || key.endsWith(".impl")) {
                named = value;
            } else if (key.endsWith("sasl.jaas.config") && !value.isEmpty()) {
                named = value.split("\\s+")[0];
            }
            if (named != null && !named.isEmpty() && !classes.contains(named)) {
                classes.add(named);
            }
        }
        return classes;
    }
}
