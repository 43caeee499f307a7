package io.eventpipelines.sqlrunner;

import static io.eventpipelines.sqlrunner.Expect.check;
import static io.eventpipelines.sqlrunner.Expect.fails;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks of the build-time check's Flink-free parts (statement roles, WITH options, named classes, catalog
 * substitution, sample records, failure messages, manifest), compiled and run by
 * test/artifacts/sql-runner-java.test.ts with the JDK. Exits 1 on the first failure.
 *
 * <ul>
 *   <li>no arguments: the unit checks;</li>
 *   <li>{@code roles <script>...}: the role of every statement of each script;</li>
 *   <li>{@code samples <manifest>}: per job and source, the sample records and decoding tables the check would use.</li>
 * </ul>
 */
public final class CheckModeChecks {

    private static String json(String type, boolean iso) {
        return SampleRecords.jsonValue(new SampleRecords.Column("c", type), iso);
    }

    private static Map<String, String> map(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("roles")) {
            for (int i = 1; i < args.length; i++) {
                List<String> roles = new ArrayList<>();
                for (SqlStatement s : SqlScriptSplitter.split(new String(Files.readAllBytes(Paths.get(args[i])), StandardCharsets.UTF_8))) {
                    roles.add(SqlDdl.role(s).name());
                }
                System.out.println(Paths.get(args[i]).getFileName() + ": " + String.join(" ", roles));
            }
            return;
        }
        if (args.length > 0 && args[0].equals("samples")) {
            samples(Paths.get(args[1]));
            return;
        }
        roles();
        options();
        catalog();
        samples();
        failures();
        System.out.println("OK " + Expect.count() + " checks");
    }

    private static void roles() {
        check("set", SqlDdl.Role.SETTING, SqlDdl.role(SqlScriptSplitter.split("SET 'a' = 'b';").get(0)));
        check("table", SqlDdl.Role.TABLE, SqlDdl.role(SqlStatement.single("CREATE TEMPORARY TABLE IF NOT EXISTS `o` (a INT) WITH ('connector' = 'kafka')")));
        check("catalog", SqlDdl.Role.CATALOG, SqlDdl.role(SqlStatement.single("create catalog lakehouse with ('type'='iceberg')")));
        check("insert", SqlDdl.Role.INSERT, SqlDdl.role(SqlStatement.single("INSERT INTO `l`.`d`.`t` /*+ OPTIONS('upsert-enabled' = 'true') */\nSELECT 1")));
        check("statement set", SqlDdl.Role.STATEMENT_SET,
                SqlDdl.role(SqlScriptSplitter.split("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1; INSERT INTO b SELECT 2; END;").get(0)));
        check("view is other", SqlDdl.Role.OTHER, SqlDdl.role(SqlStatement.single("CREATE VIEW v AS SELECT 1")));
        check("name quoted", "my table", SqlDdl.createdName("CREATE TABLE `my table` (a INT)"));
        check("name qualified", "t", SqlDdl.createdName("CREATE TABLE IF NOT EXISTS `lakehouse`.`db`.`t` (a INT)"));
        check("name plain", "lakehouse", SqlDdl.createdName("CREATE CATALOG lakehouse WITH ('type' = 'iceberg')"));
        fails("name of a select", () -> SqlDdl.createdName("SELECT 1"), "not a CREATE TABLE or CREATE CATALOG statement");
    }

    private static void options() {
        String ddl = "CREATE TABLE `orders` (\n  `a` DECIMAL(12, 2),\n  WATERMARK FOR `ts` AS `ts` - INTERVAL '30' SECOND\n) WITH (\n"
                + "  'connector' = 'kafka',\n  'properties.sasl.jaas.config' = 'software.amazon.msk.auth.iam.IAMLoginModule required;',\n"
                + "  'properties.sasl.client.callback.handler.class' = 'software.amazon.msk.auth.iam.IAMClientCallbackHandler',\n"
                + "  'value.format' = 'json', 'x' = 'it''s (a) ,value'\n)";
        Map<String, String> options = SqlDdl.options(ddl);
        check("options in order, quotes unescaped, parentheses in values", Arrays.asList("connector", "properties.sasl.jaas.config",
                "properties.sasl.client.callback.handler.class", "value.format", "x"), new ArrayList<>(options.keySet()));
        check("escaped value", "it's (a) ,value", options.get("x"));
        check("WITH inside a column list is not the options", map(), SqlDdl.options("CREATE VIEW v AS SELECT 'WITH (' AS a"));
        check("named classes: login module and callback handler", Arrays.asList("software.amazon.msk.auth.iam.IAMLoginModule",
                "software.amazon.msk.auth.iam.IAMClientCallbackHandler"), SqlDdl.namedClasses(options));
        check("named classes: catalog and FileIO", Arrays.asList("org.apache.iceberg.aws.glue.GlueCatalog", "org.apache.iceberg.aws.s3.S3FileIO"),
                SqlDdl.namedClasses(map("type", "iceberg", "catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog",
                        "io-impl", "org.apache.iceberg.aws.s3.S3FileIO", "warehouse", "s3://b/w/")));
        fails("option without =", () -> SqlDdl.options("CREATE TABLE t (a INT) WITH ('a' 'b')"), "has no '='");
    }

    private static void catalog() {
        Map<String, String> glue = map("type", "iceberg", "catalog-impl", "org.apache.iceberg.aws.glue.GlueCatalog",
                "io-impl", "org.apache.iceberg.aws.s3.S3FileIO", "warehouse", "s3://b/w/", "client.region", "us-east-1");
        check("iceberg catalogs are substituted", true, CatalogSubstitution.substitutes(glue));
        check("other catalogs are not", false, CatalogSubstitution.substitutes(map("type", "generic_in_memory")));
        check("runtime classes: catalog first", Arrays.asList("org.apache.iceberg.aws.glue.GlueCatalog", "org.apache.iceberg.aws.s3.S3FileIO"),
                CatalogSubstitution.runtimeClasses(glue));
        check("local stand-in keeps the name, takes the Iceberg factory, a Hadoop catalog in a local warehouse",
                "CREATE CATALOG `lakehouse` WITH (\n  'type' = 'iceberg',\n  'catalog-type' = 'hadoop',\n  'warehouse' = 'file:///tmp/w/'\n)",
                CatalogSubstitution.localCatalog("lakehouse", "file:///tmp/w/"));
        check("drop", "DROP CATALOG `lakehouse`", CatalogSubstitution.dropCatalog("lakehouse"));
        check("the stand-in parses back", map("type", "iceberg", "catalog-type", "hadoop", "warehouse", "file:///tmp/it's/"),
                SqlDdl.options(CatalogSubstitution.localCatalog("lakehouse", "file:///tmp/it's/")));
    }

    private static void samples() {
        // Timestamps in the form the format declares.
        check("TIMESTAMP(3) ISO-8601", "\"2026-01-31T12:00:00.000\"", json("TIMESTAMP(3)", true));
        check("TIMESTAMP(3) SQL", "\"2026-01-31 12:00:00.000\"", json("TIMESTAMP(3)", false));
        check("TIMESTAMP_LTZ(3) ISO-8601 ends in Z", "\"2026-01-31T12:00:00.000Z\"", json("TIMESTAMP_LTZ(3)", true));
        check("TIMESTAMP_LTZ(3) SQL ends in Z", "\"2026-01-31 12:00:00.000Z\"", json("TIMESTAMP_LTZ(3)", false));
        check("TIMESTAMP(3) WITH LOCAL TIME ZONE", "\"2026-01-31T12:00:00.000Z\"", json("TIMESTAMP(3) WITH LOCAL TIME ZONE", true));
        check("TIMESTAMP(0)", "\"2026-01-31T12:00:00\"", json("TIMESTAMP(0)", true));
        check("BIGINT is epoch millis", "1769860800000", json("BIGINT", true));
        check("epoch millis is the same instant", java.time.Instant.parse("2026-01-31T12:00:00Z").toEpochMilli(), SampleRecords.SAMPLE_EPOCH_MILLIS);
        check("STRING", "\"sample-c\"", json("STRING", true));
        check("VARCHAR", "\"sample-c\"", json("VARCHAR(20)", true));
        check("INT", "1", json("INT", true));
        check("INT NOT NULL", "1", json("INT NOT NULL", true));
        check("DOUBLE", "1.5", json("DOUBLE", true));
        check("FLOAT", "1.5", json("FLOAT", true));
        check("DECIMAL(12, 2)", "1.00", json("DECIMAL(12, 2)", true));
        check("DECIMAL(2, 2)", "0.01", json("DECIMAL(2, 2)", true));
        check("DECIMAL(5, 0)", "1", json("DECIMAL(5,0)", true));
        check("BOOLEAN", "true", json("BOOLEAN", true));
        check("DATE", "\"2026-01-31\"", json("DATE", true));
        fails("unknown type", () -> json("ARRAY<INT>", true), "no sample value for column c of type ARRAY<INT>");

        List<SampleRecords.Column> columns = SampleRecords.readSchema(Arrays.asList("# orders", "order_id\tSTRING", "", "amount\tDECIMAL(12, 2)", "order_ts\tTIMESTAMP_LTZ(3)"));
        check("schema", 3, columns.size());
        fails("schema line", () -> SampleRecords.readSchema(Arrays.asList("order_id STRING")), "schema line is not name<TAB>type");

        Map<String, String> kafka = map("connector", "kafka", "key.format", "raw", "key.fields", "order_id",
                "value.format", "json", "value.json.timestamp-format.standard", "ISO-8601", "value.json.ignore-parse-errors", "true");
        SampleRecords.Encoding value = SampleRecords.value(kafka, columns);
        check("value format options without the value. prefix", map("json.timestamp-format.standard", "ISO-8601", "json.ignore-parse-errors", "true"), value.options);
        check("value record", "{\"order_id\":\"sample-order_id\",\"amount\":1.00,\"order_ts\":\"2026-01-31T12:00:00.000Z\"}", SampleRecords.record(value));
        SampleRecords.Encoding key = SampleRecords.key(kafka, columns);
        check("raw key record is the plain string", "sample-order_id", SampleRecords.record(key));
        check("no key format, no key", null, SampleRecords.key(map("value.format", "json"), columns));
        check("SQL timestamps by default (Flink's default standard)", "{\"order_id\":\"sample-order_id\",\"amount\":1.00,\"order_ts\":\"2026-01-31 12:00:00.000Z\"}",
                SampleRecords.record(SampleRecords.value(map("format", "json"), columns)));
        check("EXCEPT_KEY leaves the key out of the value", "{\"amount\":1.00,\"order_ts\":\"2026-01-31T12:00:00.000Z\"}",
                SampleRecords.record(SampleRecords.value(map("key.format", "json", "key.fields", "order_id", "value.format", "json",
                        "value.fields-include", "EXCEPT_KEY", "value.json.timestamp-format.standard", "ISO-8601"), columns)));
        check("json key", "{\"order_id\":\"sample-order_id\"}",
                SampleRecords.record(SampleRecords.key(map("key.format", "json", "key.fields", "order_id"), columns)));
        check("key.fields-prefix: the format's fields have no prefix", "{\"order_id\":\"sample-order_id\"}",
                SampleRecords.record(SampleRecords.key(map("key.format", "json", "key.fields", "k_order_id", "key.fields-prefix", "k_"), columns)));
        fails("unknown key field", () -> SampleRecords.key(map("key.format", "raw", "key.fields", "nope"), columns), "key field nope is not a column");
        check("avro-confluent is not generated", false, SampleRecords.generates("avro-confluent"));
        check("decoding table: the columns, the format and its options, parse errors never ignored",
                "CREATE TEMPORARY TABLE `sample_value_orders` (\n  `order_id` STRING,\n  `amount` DECIMAL(12, 2),\n  `order_ts` TIMESTAMP_LTZ(3)\n) WITH (\n"
                        + "  'connector' = 'filesystem',\n  'path' = 'file:///tmp/s/',\n  'format' = 'json',\n"
                        + "  'json.timestamp-format.standard' = 'ISO-8601',\n  'json.ignore-parse-errors' = 'false'\n)",
                SampleRecords.decodingTable("sample_value_orders", value, "file:///tmp/s/"));
    }

    private static void failures() {
        Throwable hadoop = new RuntimeException("Could not execute CreateCatalogOperation",
                new NoClassDefFoundError("org/apache/hadoop/hdfs/HdfsConfiguration"));
        check("missing class from the cause chain", "org.apache.hadoop.hdfs.HdfsConfiguration", CheckFailure.missingClass(hadoop));
        check("description names the missing class", "missing class org.apache.hadoop.hdfs.HdfsConfiguration (java.lang.NoClassDefFoundError: org/apache/hadoop/hdfs/HdfsConfiguration)",
                CheckFailure.describe(hadoop));
        check("ClassNotFoundException", "software.amazon.msk.auth.iam.IAMClientCallbackHandler",
                CheckFailure.missingClass(new ClassNotFoundException("software.amazon.msk.auth.iam.IAMClientCallbackHandler")));
        check("otherwise the innermost message", "java.lang.IllegalArgumentException: bad option",
                CheckFailure.describe(new RuntimeException("outer", new IllegalArgumentException("bad option"))));
    }

    /** For every source of every job: the value (and key) sample and the decoding table, from the check inputs. */
    private static void samples(Path manifestFile) throws Exception {
        for (CheckManifest.Job job : CheckManifest.read(manifestFile).jobs()) {
            Map<String, Map<String, String>> tables = new LinkedHashMap<>();
            for (SqlStatement s : SqlScriptSplitter.split(new String(Files.readAllBytes(job.script), StandardCharsets.UTF_8))) {
                if (SqlDdl.role(s) == SqlDdl.Role.TABLE) {
                    tables.put(SqlDdl.createdName(s.sql()), SqlDdl.options(s.sql()));
                }
            }
            for (String ddl : new String[] {new String(Files.readAllBytes(job.tables), StandardCharsets.UTF_8)}) {
                System.out.println(job.name + " tables: " + SqlScriptSplitter.split(ddl).size() + " statements");
            }
            for (CheckManifest.Source source : job.sources) {
                List<SampleRecords.Column> columns = SampleRecords.readSchema(Files.readAllLines(source.schema, StandardCharsets.UTF_8));
                Map<String, String> options = tables.get(source.table);
                SampleRecords.Encoding value = SampleRecords.value(options, columns);
                System.out.println(job.name + " " + source.table + " value " + value.format + ": " + SampleRecords.record(value));
                SampleRecords.Encoding key = SampleRecords.key(options, columns);
                if (key != null && SampleRecords.generates(key.format)) {
                    System.out.println(job.name + " " + source.table + " key " + key.format + ": " + SampleRecords.record(key));
                }
            }
        }
    }
}
