package io.eventpipelines.local.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code produce <topic> <file.jsonl|-> [--key-columns a,b] [--key-format from-value|raw|json]}: one record per
 * non-blank JSON line, keyed like the deployed producers key them ({@code lib/cli/verify-records.ts}): {@code json} —
 * the key is a JSON object of the key columns; {@code from-value} and {@code raw} — the key columns' values as one
 * UTF-8 string joined by {@code |} ({@code raw} also leaves the key columns out of the value); no key columns — no key.
 * Progress (records/s) every second on stderr; at the end {@code {"topic","records","seconds","recordsPerSecond"}}.
 */
final class ProduceCommand {

    private ProduceCommand() {
    }

    static void run(ToolArguments arguments) throws Exception {
        String topic = arguments.positional(0, "<topic>");
        String file = arguments.positional(1, "<file.jsonl|->");
        List<String> keyColumns = ToolArguments.commaList(arguments.option("key-columns", ""));
        String keyFormat = arguments.option("key-format", "from-value");
        if (!List.of("from-value", "raw", "json").contains(keyFormat)) {
            throw new UsageException("--key-format \"" + keyFormat + "\" is not from-value, raw or json");
        }
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> config = arguments.clientConfig();
        config.putIfAbsent("acks", "all");
        config.putIfAbsent("linger.ms", "5");
        config.putIfAbsent("batch.size", "131072");
        config.putIfAbsent("max.block.ms", "30000");
        config.putIfAbsent("delivery.timeout.ms", "60000");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started = System.nanoTime();
        long records = 0;
        long lastReport = started;
        // The rate counts from the producer's creation: connecting and fetching metadata are part of producing.
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
             BufferedReader reader = file.equals("-")
                     ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                     : Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            String line;
            long lineNumber = 0;
            while ((line = reader.readLine()) != null && failure.get() == null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode value = json.readTree(line);
                if (!(value instanceof ObjectNode object)) {
                    throw new UsageException(file + ": line " + lineNumber + " is not a JSON object");
                }
                byte[] key = key(json, object, keyColumns, keyFormat);
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                if (keyFormat.equals("raw") && !keyColumns.isEmpty()) {
                    keyColumns.forEach(object::remove);
                    bytes = json.writeValueAsBytes(object);
                }
                producer.send(new ProducerRecord<>(topic, key, bytes), (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    }
                });
                records++;
                long now = System.nanoTime();
                if (now - lastReport > 1_000_000_000L && records > 1) {
                    System.err.printf("produced %d records to %s (%.0f records/s)%n", records, topic, records / ((now - started) / 1e9));
                    lastReport = now;
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        ObjectNode result = json.createObjectNode();
        result.put("topic", topic).put("records", records).put("seconds", seconds).put("recordsPerSecond", seconds > 0 ? records / seconds : 0);
        System.out.println(json.writeValueAsString(result));
    }

    /** The record key of a JSON value (see the class comment), or null without key columns. */
    static byte[] key(ObjectMapper json, ObjectNode value, List<String> keyColumns, String keyFormat) throws Exception {
        if (keyColumns.isEmpty()) {
            return null;
        }
        if (keyFormat.equals("json")) {
            ObjectNode key = json.createObjectNode();
            keyColumns.forEach(column -> key.set(column, value.has(column) ? value.get(column) : json.nullNode()));
            return json.writeValueAsBytes(key);
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < keyColumns.size(); i++) {
            if (i > 0) {
                key.append('|');
            }
            JsonNode field = value.get(keyColumns.get(i));
            key.append(field == null || field.isNull() ? "" : field.isValueNode() ? field.asText() : field.toString());
        }
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }
}
