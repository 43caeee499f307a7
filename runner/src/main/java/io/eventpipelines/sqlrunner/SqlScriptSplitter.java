package io.eventpipelines.sqlrunner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a Flink SQL script into statements at the semicolons that end them. Semicolons inside string literals
 * ({@code 'a;b'}, with {@code ''} escapes), quoted identifiers ({@code `a;b`}, {@code "a;b"}), line comments
 * ({@code -- ...}) and block comments or hints ({@code /* ... *}{@code /}) do not end a statement.
 *
 * <p>Comment-only pieces are dropped and leading comments are removed from each statement. {@code SET 'k' = 'v'}
 * statements become settings; {@code EXECUTE STATEMENT SET BEGIN ...; ...; END} (or {@code BEGIN STATEMENT SET})
 * becomes one statement set of its INSERTs. Has no Flink dependency so it can be tested on its own.
 */
public final class SqlScriptSplitter {

    private static final Pattern STATEMENT_SET_START = Pattern.compile(
            "^(?:EXECUTE\\s+STATEMENT\\s+SET\\s+BEGIN|BEGIN\\s+STATEMENT\\s+SET)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern SET_STATEMENT = Pattern.compile(
            "^SET\\s+(?:'((?:[^']|'')*)'|([^\\s=']+))\\s*=\\s*(?:'((?:[^']|'')*)'|(.*?))\\s*$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private enum State { NORMAL, SINGLE_QUOTE, BACKTICK, DOUBLE_QUOTE, LINE_COMMENT, BLOCK_COMMENT }

    private SqlScriptSplitter() {
    }

    /** The statements of a script, in order. */
    public static List<SqlStatement> split(String script) {
        return group(splitOnTerminators(script));
    }

    /** The script cut at statement-ending semicolons; each piece trimmed and without leading comments. */
    static List<String> splitOnTerminators(String script) {
        List<String> pieces = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        State state = State.NORMAL;
        int line = 1;
        int openedAt = 1;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            char next = i + 1 < script.length() ? script.charAt(i + 1) : '\0';
            if (c == '\n') {
                line++;
            }
            switch (state) {
                case NORMAL:
                    if (c == ';') {
                        addPiece(pieces, current);
                        current.setLength(0);
                        continue;
                    }
                    if (c == '\'' || c == '`' || c == '"') {
                        state = c == '\'' ? State.SINGLE_QUOTE : c == '`' ? State.BACKTICK : State.DOUBLE_QUOTE;
                        openedAt = line;
                    } else if (c == '-' && next == '-') {
                        state = State.LINE_COMMENT;
                    } else if (c == '/' && next == '*') {
                        state = State.BLOCK_COMMENT;
                        openedAt = line;
                        current.append(c).append(next);
                        i++;
                        continue;
                    }
                    break;
                case SINGLE_QUOTE:
                case BACKTICK:
                case DOUBLE_QUOTE:
                    char quote = state == State.SINGLE_QUOTE ? '\'' : state == State.BACKTICK ? '`' : '"';
                    if (c == quote) {
                        if (next == quote) {
                            current.append(c).append(next);
                            i++;
                            continue;
                        }
                        state = State.NORMAL;
                    }
                    break;
                case LINE_COMMENT:
                    if (c == '\n') {
                        state = State.NORMAL;
                    }
                    break;
                case BLOCK_COMMENT:
                    if (c == '*' && next == '/') {
                        current.append(c).append(next);
                        i++;
                        state = State.NORMAL;
                        continue;
                    }
                    break;
                default:
                    throw new IllegalStateException(String.valueOf(state));
            }
            current.append(c);
        }
        if (state != State.NORMAL && state != State.LINE_COMMENT) {
            throw new IllegalArgumentException("SQL script ends inside " + describe(state) + " opened on line " + openedAt);
        }
        addPiece(pieces, current);
        return pieces;
    }

    private static String describe(State state) {
        switch (state) {
            case SINGLE_QUOTE:
                return "a string literal";
            case BACKTICK:
            case DOUBLE_QUOTE:
                return "a quoted identifier";
            default:
                return "a block comment";
        }
    }

    private static void addPiece(List<String> pieces, StringBuilder piece) {
        String statement = stripLeadingComments(piece.toString());
        if (!statement.isEmpty()) {
            pieces.add(statement);
        }
    }

    /** The text without leading whitespace and comments (hints never lead a statement), trimmed. */
    static String stripLeadingComments(String text) {
        String rest = text.trim();
        while (true) {
            if (rest.startsWith("--")) {
                int end = rest.indexOf('\n');
                rest = end < 0 ? "" : rest.substring(end + 1).trim();
            } else if (rest.startsWith("/*") && !rest.startsWith("/*+")) {
                int end = rest.indexOf("*/", 2);
                rest = end < 0 ? "" : rest.substring(end + 2).trim();
            } else {
                return rest;
            }
        }
    }

    private static String unquote(String quoted) {
        return quoted.replace("''", "'");
    }

    private static List<SqlStatement> group(List<String> pieces) {
        List<SqlStatement> statements = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            String piece = pieces.get(i);
            Matcher setStart = STATEMENT_SET_START.matcher(piece);
            Matcher set = SET_STATEMENT.matcher(piece);
            if (setStart.find()) {
                List<String> inserts = new ArrayList<>();
                String first = stripLeadingComments(piece.substring(setStart.end()));
                if (!first.isEmpty()) {
                    inserts.add(first);
                }
                int end = i + 1;
                while (end < pieces.size() && !isEnd(pieces.get(end))) {
                    inserts.add(pieces.get(end));
                    end++;
                }
                if (end == pieces.size()) {
                    throw new IllegalArgumentException("statement set has no END: " + abbreviate(piece));
                }
                if (inserts.isEmpty()) {
                    throw new IllegalArgumentException("statement set has no INSERT statements");
                }
                statements.add(SqlStatement.statementSet(
                        "EXECUTE STATEMENT SET\nBEGIN\n" + String.join(";\n", inserts) + ";\nEND", inserts));
                i = end;
            } else if (isEnd(piece)) {
                throw new IllegalArgumentException("END without EXECUTE STATEMENT SET BEGIN");
            } else if (set.matches()) {
                String key = set.group(1) != null ? unquote(set.group(1)) : set.group(2);
                String value = set.group(3) != null ? unquote(set.group(3)) : set.group(4);
                statements.add(SqlStatement.set(piece, key, value));
            } else {
                statements.add(SqlStatement.single(piece));
            }
        }
        return statements;
    }

    private static boolean isEnd(String piece) {
        return piece.trim().toUpperCase(Locale.ROOT).equals("END");
    }

    /** The first line of a statement, for messages and logs. */
    static String abbreviate(String sql) {
        int newline = sql.indexOf('\n');
        return newline < 0 ? sql : sql.substring(0, newline) + " ...";
    }
}
