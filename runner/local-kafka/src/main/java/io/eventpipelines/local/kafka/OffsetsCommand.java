package io.eventpipelines.local.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code offsets <group,…> [--group-topics group=topic,topic]…}: for each group, every partition it committed in plus
 * every partition of the topics {@code --group-topics} names for it (a job that has not committed yet still shows its
 * sources): {@code [{"group","topic","partition","endOffset","committedOffset"|null,"lag"}]}, where lag is the end
 * offset minus the committed offset, or minus the log start offset when nothing is committed (all of it unread).
 */
final class OffsetsCommand {

    private static final Comparator<TopicPartition> ORDER = Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private OffsetsCommand() {
    }

    static void run(ToolArguments arguments) throws Exception {
        List<String> groups = ToolArguments.commaList(arguments.positional(0, "<group,…>"));
        Map<String, List<String>> groupTopics = new HashMap<>();
        for (String option : arguments.options("group-topics")) {
            int equals = option.indexOf('=');
            if (equals < 1) {
                throw new UsageException("--group-topics \"" + option + "\" is not <group>=<topic>,<topic>");
            }
            groupTopics.put(option.substring(0, equals), ToolArguments.commaList(option.substring(equals + 1)));
        }
        ObjectMapper json = new ObjectMapper();
        ArrayNode rows = json.createArrayNode();
        try (Admin admin = Admin.create(arguments.clientConfig())) {
            for (String group : groups) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                TreeSet<TopicPartition> partitions = new TreeSet<>(ORDER);
                committed.forEach((tp, offset) -> {
                    if (offset != null) {
                        partitions.add(tp);
                    }
                });
                List<String> topics = groupTopics.getOrDefault(group, List.of());
                if (!topics.isEmpty()) {
                    for (TopicDescription description : admin.describeTopics(topics).allTopicNames().get().values()) {
                        description.partitions().forEach(p -> partitions.add(new TopicPartition(description.name(), p.partition())));
                    }
                }
                if (partitions.isEmpty()) {
                    continue;
                }
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                        admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()))).all().get();
                Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> starts =
                        admin.listOffsets(partitions.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest()))).all().get();
                for (TopicPartition tp : partitions) {
                    long end = ends.get(tp).offset();
                    OffsetAndMetadata offset = committed.get(tp);
                    ObjectNode row = rows.addObject();
                    row.put("group", group).put("topic", tp.topic()).put("partition", tp.partition()).put("endOffset", end);
                    if (offset == null) {
                        row.putNull("committedOffset");
                        row.put("lag", end - starts.get(tp).offset());
                    } else {
                        row.put("committedOffset", offset.offset());
                        row.put("lag", Math.max(0, end - offset.offset()));
                    }
                }
            }
        }
        System.out.println(json.writeValueAsString(rows));
    }
}
