package io.eventpipelines.local.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code consume <topic,…> [--group G] [--max N] [--timeout-ms T] [--print]}: subscribes in consumer group {@code G}
 * (as a job reads its sources), reads from the earliest offset until {@code N} records or {@code T} ms without
 * reaching them, and commits what it read. {@code --print} writes each record as a JSON line first. Prints
 * {@code {"records":n}}. Reading a topic or using a group the principal may not fails with exit code 3.
 */
final class ConsumeCommand {

    private ConsumeCommand() {
    }

    static void run(ToolArguments arguments) throws Exception {
        List<String> topics = ToolArguments.commaList(arguments.positional(0, "<topic,…>"));
        long max = Long.parseLong(arguments.option("max", String.valueOf(Long.MAX_VALUE)));
        long timeoutMs = Long.parseLong(arguments.option("timeout-ms", "10000"));
        boolean print = arguments.flag("print");
        Map<String, Object> config = arguments.clientConfig();
        config.put("group.id", arguments.option("group", "local-kafka-tool"));
        config.putIfAbsent("auto.offset.reset", "earliest");
        config.put("enable.auto.commit", "false");
        ObjectMapper json = new ObjectMapper();
        long records = 0;
        long deadline = System.nanoTime() + Duration.ofMillis(timeoutMs).toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(topics);
            while (records < max && System.nanoTime() < deadline) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<byte[], byte[]> record : batch) {
                    records++;
                    if (print) {
                        ObjectNode line = json.createObjectNode();
                        line.put("topic", record.topic()).put("partition", record.partition()).put("offset", record.offset())
                                .put("key", record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8))
                                .put("value", record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8));
                        System.out.println(json.writeValueAsString(line));
                    }
                }
                if (!batch.isEmpty()) {
                    consumer.commitSync();
                }
            }
        }
        ObjectNode result = json.createObjectNode();
        result.put("records", records);
        System.out.println(json.writeValueAsString(result));
    }
}
