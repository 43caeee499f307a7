package io.eventpipelines.sqlrunner;

import static io.eventpipelines.sqlrunner.Expect.check;
import static io.eventpipelines.sqlrunner.Expect.fails;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Checks of the runner's Flink-free parts (splitter, property-group input, settings), compiled and run by
 * test/artifacts/sql-runner-java.test.ts with the JDK (no Maven, no Flink). Exits 1 on the first failure.
 */
public final class SqlRunnerChecks {

    private static List<String> pieces(String script) {
        return SqlScriptSplitter.splitOnTerminators(script);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("split")) {
            // split <file.sql>...: prints each file's statements as kinds (and INSERT counts of statement sets)
            for (int i = 1; i < args.length; i++) {
                String script = new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(args[i])), java.nio.charset.StandardCharsets.UTF_8);
                StringBuilder kinds = new StringBuilder();
                for (SqlStatement s : SqlScriptSplitter.split(script)) {
                    kinds.append(kinds.length() == 0 ? "" : " ").append(s.kind() == SqlStatement.Kind.STATEMENT_SET ? "STATEMENT_SET(" + s.inserts().size() + ")" : s.kind().name());
                }
                System.out.println(java.nio.file.Paths.get(args[i]).getFileName() + ": " + kinds);
            }
            return;
        }
        if (args.length > 0 && args[0].equals("assemble")) {
            // assemble <dir>: reads <group>.properties files as MSF property groups and prints the runner's input
            Map<String, Properties> groups = new LinkedHashMap<>();
            try (java.nio.file.DirectoryStream<java.nio.file.Path> files = java.nio.file.Files.newDirectoryStream(java.nio.file.Paths.get(args[1]), "*.properties")) {
                for (java.nio.file.Path file : files) {
                    Properties p = new Properties();
                    try (java.io.Reader r = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
                        p.load(r);
                    }
                    String name = file.getFileName().toString();
                    groups.put(name.substring(0, name.length() - ".properties".length()), p);
                }
            }
            RunnerInput input = PropertyGroupInput.fromGroups(groups);
            System.out.print(input.settings() + "\n" + input.script());
            return;
        }
        check("plain", Arrays.asList("SELECT 1", "SELECT 2"), pieces("SELECT 1; SELECT 2;"));
        check("semicolon in string literal", Arrays.asList("SELECT 'a;b'", "SELECT 2"), pieces("SELECT 'a;b'; SELECT 2"));
        check("escaped quote", Arrays.asList("SELECT 'it''s; fine'"), pieces("SELECT 'it''s; fine';"));
        check("jaas config literal", Arrays.asList("CREATE TABLE t (a INT) WITH ('properties.sasl.jaas.config' = 'software.amazon.msk.auth.iam.IAMLoginModule required;', 'key.fields' = 'a;b')"),
                pieces("CREATE TABLE t (a INT) WITH ('properties.sasl.jaas.config' = 'software.amazon.msk.auth.iam.IAMLoginModule required;', 'key.fields' = 'a;b');"));
        check("backtick identifier", Arrays.asList("SELECT `a;b` FROM `t``;`"), pieces("SELECT `a;b` FROM `t``;`;"));
        check("double-quoted", Arrays.asList("SELECT \"x;y\""), pieces("SELECT \"x;y\";"));
        check("line comment", Arrays.asList("SELECT 1 -- not; the end\nFROM t"), pieces("SELECT 1 -- not; the end\nFROM t;"));
        check("block comment", Arrays.asList("SELECT /* a; b */ 1"), pieces("SELECT /* a; b */ 1;"));
        check("hint kept", Arrays.asList("INSERT INTO t /*+ OPTIONS('upsert-enabled' = 'true') */\nSELECT 1"),
                pieces("INSERT INTO t /*+ OPTIONS('upsert-enabled' = 'true') */\nSELECT 1;"));
        check("leading comments removed, comment-only pieces dropped", Arrays.asList("SET 'a' = 'b'", "SELECT 1"),
                pieces("-- header; with semicolon\n/* block */ SET 'a' = 'b';\n\nSELECT 1;\n-- trailing\n"));
        check("comment quote ignored", Arrays.asList("SELECT 1 -- it's\nFROM t", "SELECT 2"), pieces("SELECT 1 -- it's\nFROM t; SELECT 2"));
        fails("unterminated literal", () -> pieces("SELECT 'a;\nSELECT 2;"), "ends inside a string literal opened on line 1");
        fails("unterminated comment", () -> pieces("SELECT 1;\n/* oops"), "ends inside a block comment opened on line 2");

        List<SqlStatement> statements = SqlScriptSplitter.split(
                "SET 'execution.runtime-mode' = 'batch';\nSET table.exec.state.ttl = 1 h;\nCREATE TABLE t (a INT);\n"
                        + "EXECUTE STATEMENT SET\nBEGIN\nINSERT INTO a SELECT 'x;y';\nINSERT INTO b SELECT 2;\nEND;\n");
        check("statement count", 4, statements.size());
        check("quoted set", Arrays.asList("execution.runtime-mode", "batch"), Arrays.asList(statements.get(0).key(), statements.get(0).value()));
        check("unquoted set", Arrays.asList("table.exec.state.ttl", "1 h"), Arrays.asList(statements.get(1).key(), statements.get(1).value()));
        check("single", SqlStatement.Kind.SINGLE, statements.get(2).kind());
        check("statement set", Arrays.asList("INSERT INTO a SELECT 'x;y'", "INSERT INTO b SELECT 2"), statements.get(3).inserts());
        check("old statement set syntax", 1, SqlScriptSplitter.split("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nEND;").get(0).inserts().size());
        fails("statement set without END", () -> SqlScriptSplitter.split("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;"), "statement set has no END");
        fails("END alone", () -> SqlScriptSplitter.split("END;"), "END without EXECUTE STATEMENT SET BEGIN");

        Map<String, Properties> groups = new LinkedHashMap<>();
        groups.put("sql.10", props("0000", "SELECT 3;"));
        groups.put("sql.2", props("0001", "2;", "0000", "SELECT "));
        groups.put("sql.0", props("0000", "SELECT 1;"));
        groups.put("settings", props("execution.runtime-mode", "batch"));
        groups.put("other", props("x", "y"));
        RunnerInput input = PropertyGroupInput.fromGroups(groups);
        check("parts in group-number and key order", "SELECT 1;SELECT 2;SELECT 3;", input.script());
        check("settings group", "batch", input.settings().get("execution.runtime-mode"));
        fails("no sql group", () -> PropertyGroupInput.fromGroups(new LinkedHashMap<>()), "no property group sql.0");

        Map<String, String> given = new LinkedHashMap<>();
        given.put("execution.runtime-mode", "batch");
        check("SET merged with settings", "1 h", SqlRunnerSettings.merge(given, statements).get("table.exec.state.ttl"));
        given.put("table.exec.state.ttl", "2 h");
        fails("contradicting SET", () -> SqlRunnerSettings.merge(given, statements), "contradicts the setting '2 h'");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("runner-cli");
        java.nio.file.Path script = java.nio.file.Files.write(dir.resolve("job.sql"), "SELECT 'ü';".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        java.nio.file.Path settingsFile = java.nio.file.Files.write(dir.resolve("settings.properties"), "pipeline.name=a\\ b\nexecution.runtime-mode=batch\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        RunnerInput cli = CommandLineInput.read(new String[] {"--script-file", script.toString(), "--settings-file", settingsFile.toString()});
        check("script file read as UTF-8", "SELECT 'ü';", cli.script());
        check("settings file", "{execution.runtime-mode=batch, pipeline.name=a b}", cli.settings().toString());
        check("applies only with --script-file", Arrays.asList(true, false), Arrays.asList(CommandLineInput.applies(new String[] {"--script-file", "x"}), CommandLineInput.applies(new String[0])));
        fails("unknown argument", () -> {
            try {
                CommandLineInput.read(new String[] {"--script", "x"});
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }, "unknown or incomplete argument '--script'");
        // The temporary directory goes with the run (its two files, then itself).
        java.nio.file.Files.delete(script);
        java.nio.file.Files.delete(settingsFile);
        java.nio.file.Files.delete(dir);
        System.out.println("OK " + Expect.count() + " checks");
    }

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }
}
