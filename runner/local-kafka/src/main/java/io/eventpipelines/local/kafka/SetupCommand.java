package io.eventpipelines.local.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * {@code setup <spec.json>} as the admin super user: creates the spec's topics (or raises their partition count and
 * sets their configs when they exist), upserts a SCRAM-SHA-512 credential per principal and adds its literal ACLs.
 *
 * <p>Spec: {@code {"topics":[{"name","partitions","replicationFactor","configs":{k:v}}],
 * "principals":[{"userName","password","acls":[{"resourceType":"topic|group","name","operations":["Describe","Read","Write"]}]}]}}.
 * Prints {@code {"topicsCreated":n,"topicsUpdated":n,"principals":n,"acls":n}}.
 */
final class SetupCommand {

    /** SCRAM iterations (Kafka's minimum is 4096, Strimzi's user operator uses the same). */
    static final int SCRAM_ITERATIONS = 4096;

    private SetupCommand() {
    }

    static void run(ToolArguments arguments) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode spec = json.readTree(Path.of(arguments.positional(0, "<spec.json>")).toFile());
        try (Admin admin = Admin.create(arguments.clientConfig())) {
            int[] topics = topics(admin, spec.path("topics"));
            List<UserScramCredentialAlteration> credentials = new ArrayList<>();
            List<AclBinding> acls = new ArrayList<>();
            for (JsonNode principal : spec.path("principals")) {
                String user = principal.path("userName").asText();
                credentials.add(new UserScramCredentialUpsertion(user,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), principal.path("password").asText()));
                for (JsonNode acl : principal.path("acls")) {
                    ResourcePattern pattern = new ResourcePattern(resourceType(acl.path("resourceType").asText()), acl.path("name").asText(), PatternType.LITERAL);
                    for (JsonNode operation : acl.path("operations")) {
                        acls.add(new AclBinding(pattern, new AccessControlEntry("User:" + user, "*",
                                AclOperation.fromString(operation.asText()), AclPermissionType.ALLOW)));
                    }
                }
            }
            if (!credentials.isEmpty()) {
                admin.alterUserScramCredentials(credentials).all().get();
            }
            if (!acls.isEmpty()) {
                admin.createAcls(acls).all().get();
            }
            ObjectNode result = json.createObjectNode();
            result.put("topicsCreated", topics[0]).put("topicsUpdated", topics[1]).put("principals", credentials.size()).put("acls", acls.size());
            System.out.println(json.writeValueAsString(result));
        }
    }

    /** Creates missing topics, grows and reconfigures existing ones; returns {created, updated}. */
    private static int[] topics(Admin admin, JsonNode topics) throws Exception {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> created = new ArrayList<>();
        Map<String, JsonNode> updated = new LinkedHashMap<>();
        for (JsonNode topic : topics) {
            String name = topic.path("name").asText();
            if (existing.contains(name)) {
                updated.put(name, topic);
            } else {
                created.add(new NewTopic(name, topic.path("partitions").asInt(), (short) topic.path("replicationFactor").asInt()).configs(configs(topic)));
            }
        }
        if (!created.isEmpty()) {
            admin.createTopics(created).all().get();
        }
        if (!updated.isEmpty()) {
            Map<String, TopicDescription> descriptions = admin.describeTopics(updated.keySet()).allTopicNames().get();
            Map<String, NewPartitions> grow = new HashMap<>();
            Map<ConfigResource, java.util.Collection<AlterConfigOp>> alter = new HashMap<>();
            for (Map.Entry<String, JsonNode> entry : updated.entrySet()) {
                int wanted = entry.getValue().path("partitions").asInt();
                if (descriptions.get(entry.getKey()).partitions().size() < wanted) {
                    grow.put(entry.getKey(), NewPartitions.increaseTo(wanted));
                }
                List<AlterConfigOp> ops = new ArrayList<>();
                configs(entry.getValue()).forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
                alter.put(new ConfigResource(ConfigResource.Type.TOPIC, entry.getKey()), ops);
            }
            if (!grow.isEmpty()) {
                admin.createPartitions(grow).all().get();
            }
            admin.incrementalAlterConfigs(alter).all().get();
        }
        return new int[] {created.size(), updated.size()};
    }

    private static Map<String, String> configs(JsonNode topic) {
        Map<String, String> configs = new LinkedHashMap<>();
        topic.path("configs").fields().forEachRemaining(e -> configs.put(e.getKey(), e.getValue().asText()));
        return configs;
    }

    private static ResourceType resourceType(String type) {
        return switch (type) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            default -> throw new UsageException("spec: ACL resourceType \"" + type + "\" is not topic or group");
        };
    }
}
