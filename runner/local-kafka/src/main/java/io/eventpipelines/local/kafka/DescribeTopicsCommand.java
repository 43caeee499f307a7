package io.eventpipelines.local.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;

/**
 * {@code describe-topics <topic,…>}: what the broker holds for each topic, read back:
 * {@code [{"name","partitions","replicationFactor","configs":{k:v}}]}, configs being those set on the topic itself
 * (not broker defaults).
 */
final class DescribeTopicsCommand {

    private DescribeTopicsCommand() {
    }

    static void run(ToolArguments arguments) throws Exception {
        List<String> topics = ToolArguments.commaList(arguments.positional(0, "<topic,…>"));
        ObjectMapper json = new ObjectMapper();
        ArrayNode rows = json.createArrayNode();
        try (Admin admin = Admin.create(arguments.clientConfig())) {
            Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get();
            Map<ConfigResource, Config> configs = admin.describeConfigs(
                    topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).collect(Collectors.toList())).all().get();
            for (String topic : topics) {
                TopicDescription description = descriptions.get(topic);
                ObjectNode row = rows.addObject();
                row.put("name", topic).put("partitions", description.partitions().size())
                        .put("replicationFactor", description.partitions().get(0).replicas().size());
                ObjectNode set = row.putObject("configs");
                for (ConfigEntry entry : configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic)).entries()) {
                    if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                        set.put(entry.name(), entry.value());
                    }
                }
            }
        }
        System.out.println(json.writeValueAsString(rows));
    }
}
