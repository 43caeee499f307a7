package io.eventpipelines.sqlrunner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One sample record per source topic, generated from the topic's columns (written at synth time from the plan) in
 * the form the table's format declares — e.g. a {@code TIMESTAMP_LTZ(3)} as {@code 2026-01-31T12:00:00.000Z} under
 * {@code json.timestamp-format.standard = ISO-8601}, a {@code BIGINT} epoch-millis column as a number — and the
 * temporary table through which the check decodes it with the real format factory.
 */
final class SampleRecords {

    /** A column of a topic's schema: name and Flink SQL type. */
    static final class Column {
        final String name;
        final String type;

        Column(String name, String type) {
            this.name = name;
            this.type = type;
        }
    }

    /** How one side (key or value) of a Kafka table is encoded: format, its options without prefix, columns. */
    static final class Encoding {
        final String side;
        final String format;
        final Map<String, String> options;
        final List<Column> columns;

        Encoding(String side, String format, Map<String, String> options, List<Column> columns) {
            this.side = side;
            this.format = format;
            this.options = Collections.unmodifiableMap(options);
            this.columns = Collections.unmodifiableList(columns);
        }
    }

    /** The instant every sample carries: 2026-01-31 12:00:00.000 UTC. */
    static final long SAMPLE_EPOCH_MILLIS = 1769860800000L;

    private static final Pattern DECIMAL = Pattern.compile("^DECIMAL\\((\\d+)\\s*,\\s*(\\d+)\\)$");
    private static final Pattern TIMESTAMP = Pattern.compile("^TIMESTAMP(?:\\((\\d)\\))?(?:\\s+WITHOUT\\s+TIME\\s+ZONE)?$");
    private static final Pattern TIMESTAMP_LTZ = Pattern.compile("^(?:TIMESTAMP_LTZ(?:\\((\\d)\\))?|TIMESTAMP(?:\\((\\d)\\))?\\s+WITH\\s+LOCAL\\s+TIME\\s+ZONE)$");

    private SampleRecords() {
    }

    /** Columns from {@code name<TAB>TYPE} lines; blank lines and {@code #} comments are skipped. */
    static List<Column> readSchema(List<String> lines) {
        List<Column> columns = new ArrayList<>();
        for (String line : lines) {
            if (line.trim().isEmpty() || line.trim().startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length < 2) {
                throw new IllegalArgumentException("schema line is not name<TAB>type: " + line);
            }
            columns.add(new Column(parts[0].trim(), parts[1].trim()));
        }
        return columns;
    }

    /** The value side of a Kafka table: {@code value.format} (or {@code format}) and its {@code <format>.*} options. */
    static Encoding value(Map<String, String> tableOptions, List<Column> columns) {
        boolean prefixed = tableOptions.containsKey("value.format");
        String format = prefixed ? tableOptions.get("value.format") : tableOptions.get("format");
        if (format == null) {
            throw new IllegalArgumentException("the table has neither 'value.format' nor 'format'");
        }
        List<Column> valueColumns = columns;
        if ("EXCEPT_KEY".equalsIgnoreCase(tableOptions.get("value.fields-include"))) {
            List<String> keys = keyFields(tableOptions);
            valueColumns = new ArrayList<>();
            for (Column c : columns) {
                if (!keys.contains(c.name)) {
                    valueColumns.add(c);
                }
            }
        }
        return new Encoding("value", format, formatOptions(tableOptions, prefixed ? "value." : "", format), valueColumns);
    }

    /** The key side, or {@code null} when the table has no {@code key.format}. */
    static Encoding key(Map<String, String> tableOptions, List<Column> columns) {
        String format = tableOptions.get("key.format");
        if (format == null) {
            return null;
        }
        List<Column> keyColumns = new ArrayList<>();
        // With 'key.fields-prefix', the table's key columns carry the prefix; the key's format fields do not.
        String prefix = tableOptions.getOrDefault("key.fields-prefix", "");
        for (String prefixed : keyFields(tableOptions)) {
            String field = prefixed.startsWith(prefix) ? prefixed.substring(prefix.length()) : prefixed;
            Column column = null;
            for (Column c : columns) {
                if (c.name.equals(field)) {
                    column = c;
                }
            }
            if (column == null) {
                throw new IllegalArgumentException("key field " + field + " is not a column of the topic's schema");
            }
            keyColumns.add(column);
        }
        return new Encoding("key", format, formatOptions(tableOptions, "key.", format), keyColumns);
    }

    private static List<String> keyFields(Map<String, String> tableOptions) {
        String fields = tableOptions.getOrDefault("key.fields", "");
        return fields.trim().isEmpty() ? Collections.<String>emptyList() : Arrays.asList(fields.trim().split("\\s*;\\s*"));
    }

    private static Map<String, String> formatOptions(Map<String, String> tableOptions, String prefix, String format) {
        Map<String, String> options = new LinkedHashMap<>();
        String formatPrefix = prefix + format + ".";
        for (Map.Entry<String, String> option : tableOptions.entrySet()) {
            if (option.getKey().startsWith(formatPrefix)) {
                options.put(option.getKey().substring(prefix.length()), option.getValue());
            }
        }
        return options;
    }

    /** Whether the check can write a sample in this format without a service (not avro-confluent: it needs the registry). */
    static boolean generates(String format) {
        return "json".equals(format) || "raw".equals(format);
    }

    /** The sample record of one side, as the producer would write it. */
    static String record(Encoding encoding) {
        if ("raw".equals(encoding.format)) {
            if (encoding.columns.size() != 1) {
                throw new IllegalArgumentException("the raw format reads exactly one column, the " + encoding.side + " has " + encoding.columns.size());
            }
            return plainValue(encoding.columns.get(0));
        }
        if (!"json".equals(encoding.format)) {
            throw new IllegalArgumentException("no sample generator for format " + encoding.format);
        }
        boolean iso = "ISO-8601".equals(encoding.options.get("json.timestamp-format.standard"));
        StringBuilder json = new StringBuilder("{");
        for (Column column : encoding.columns) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(quote(column.name)).append(':').append(jsonValue(column, iso));
        }
        return json.append('}').toString();
    }

    /** A JSON value of the column's type; timestamps in Flink's ISO-8601 or SQL form. */
    static String jsonValue(Column column, boolean isoTimestamps) {
        String type = normalized(column.type);
        Matcher ltz = TIMESTAMP_LTZ.matcher(type);
        if (ltz.matches()) {
            return quote(timestamp(isoTimestamps, precision(ltz.group(1) != null ? ltz.group(1) : ltz.group(2))) + "Z");
        }
        Matcher ts = TIMESTAMP.matcher(type);
        if (ts.matches()) {
            return quote(timestamp(isoTimestamps, precision(ts.group(1))));
        }
        String plain = plainValue(column);
        return isNumeric(type) || type.equals("BOOLEAN") ? plain : quote(plain);
    }

    /** The column's sample value as text (what a raw key carries). */
    static String plainValue(Column column) {
        String type = normalized(column.type);
        if (type.equals("STRING") || type.startsWith("VARCHAR") || type.startsWith("CHAR")) {
            return "sample-" + column.name;
        }
        if (type.equals("BOOLEAN")) {
            return "true";
        }
        if (type.equals("TINYINT") || type.equals("SMALLINT") || type.equals("INT") || type.equals("INTEGER")) {
            return "1";
        }
        if (type.equals("BIGINT")) {
            // Valid as a count and as epoch milliseconds (an event-time column declared as BIGINT).
            return Long.toString(SAMPLE_EPOCH_MILLIS);
        }
        if (type.equals("FLOAT") || type.equals("DOUBLE")) {
            return "1.5";
        }
        Matcher decimal = DECIMAL.matcher(type);
        if (decimal.matches()) {
            return decimal(Integer.parseInt(decimal.group(1)), Integer.parseInt(decimal.group(2)));
        }
        if (type.equals("DATE")) {
            return "2026-01-31";
        }
        if (type.startsWith("TIME") && !type.startsWith("TIMESTAMP")) {
            return "12:00:00";
        }
        throw new IllegalArgumentException("no sample value for column " + column.name + " of type " + column.type);
    }

    private static boolean isNumeric(String type) {
        return type.equals("TINYINT") || type.equals("SMALLINT") || type.equals("INT") || type.equals("INTEGER")
                || type.equals("BIGINT") || type.equals("FLOAT") || type.equals("DOUBLE") || DECIMAL.matcher(type).matches();
    }

    private static String normalized(String type) {
        return type.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+NOT\\s+NULL$", "").replaceAll("\\s+", " ");
    }

    private static int precision(String digits) {
        return digits == null ? 6 : Integer.parseInt(digits);
    }

    /** 2026-01-31T12:00:00.000 (ISO-8601) or 2026-01-31 12:00:00.000 (SQL), with {@code precision} fraction digits. */
    private static String timestamp(boolean iso, int precision) {
        StringBuilder text = new StringBuilder("2026-01-31").append(iso ? 'T' : ' ').append("12:00:00");
        if (precision > 0) {
            text.append('.');
            for (int i = 0; i < precision; i++) {
                text.append('0');
            }
        }
        return text.toString();
    }

    /** 1.00 for DECIMAL(12, 2); 0.01 for DECIMAL(2, 2); 1 for DECIMAL(5, 0). */
    private static String decimal(int precision, int scale) {
        if (scale == 0) {
            return "1";
        }
        StringBuilder fraction = new StringBuilder();
        for (int i = 0; i < scale; i++) {
            fraction.append('0');
        }
        if (precision > scale) {
            return "1." + fraction;
        }
        fraction.setCharAt(scale - 1, '1');
        return "0." + fraction;
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * A temporary filesystem table over the sample file, with the side's columns, format and format options, so
     * {@code SELECT *} decodes the sample through the format factory's DeserializationSchema. Parse errors are never
     * ignored here: the check must see them.
     */
    static String decodingTable(String name, Encoding encoding, String pathUri) {
        StringBuilder ddl = new StringBuilder("CREATE TEMPORARY TABLE `").append(name.replace("`", "``")).append("` (\n");
        for (int i = 0; i < encoding.columns.size(); i++) {
            Column column = encoding.columns.get(i);
            ddl.append("  `").append(column.name.replace("`", "``")).append("` ").append(normalized(column.type))
                    .append(i + 1 < encoding.columns.size() ? ",\n" : "\n");
        }
        Map<String, String> options = new LinkedHashMap<>();
        options.put("connector", "filesystem");
        options.put("path", pathUri);
        options.put("format", encoding.format);
        options.putAll(encoding.options);
        if ("json".equals(encoding.format)) {
            options.put("json.ignore-parse-errors", "false");
        }
        ddl.append(") WITH (\n");
        int n = 0;
        for (Map.Entry<String, String> option : options.entrySet()) {
            ddl.append("  '").append(option.getKey().replace("'", "''")).append("' = '").append(option.getValue().replace("'", "''"))
                    .append(++n < options.size() ? "',\n" : "'\n");
        }
        return ddl.append(")").toString();
    }
}
