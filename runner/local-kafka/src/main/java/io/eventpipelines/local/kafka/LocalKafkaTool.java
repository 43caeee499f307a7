package io.eventpipelines.local.kafka;

import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

/**
 * Entry point of the local Kafka tool: what the local runtime ({@code lib/local/local-kafka.ts}) asks of its
 * single-node broker, through the same {@code kafka-clients} as the broker and the same client properties as the
 * deployed jobs ({@code --config}: bootstrap servers, SASL_SSL, SCRAM-SHA-512, PEM truststore, credentials read by
 * {@code FileConfigProvider}).
 *
 * <p>Commands (each takes {@code --config <client.properties>}):
 * <ul>
 *   <li>{@code setup <spec.json>}: topics with their partitions and configs, SCRAM credentials and literal ACLs per principal;</li>
 *   <li>{@code produce <topic> <file.jsonl|-> [--key-columns a,b] [--key-format from-value|raw|json]}: JSON lines as records;</li>
 *   <li>{@code consume <topic,…> [--group G] [--max N] [--timeout-ms T] [--print]}: reads and commits, prints a summary;</li>
 *   <li>{@code offsets <group,…> [--group-topics group=topic,topic]…}: end offset, committed offset and lag per partition;</li>
 *   <li>{@code describe-topics <topic,…>}: partitions, replication factor and the topic-level configs.</li>
 * </ul>
 * Results are one JSON document on stdout; progress goes to stderr. A failure is one line on stderr,
 * {@code error: [authorization: |authentication: ]<exception class>: <message>}, and exit code 3 (authorization),
 * 4 (authentication), 2 (usage) or 1 (anything else).
 */
public final class LocalKafkaTool {

    private LocalKafkaTool() {
    }

    public static void main(String[] args) {
        if (args.length == 0) {
            usage("no command given");
        }
        ToolArguments arguments = ToolArguments.parse(Arrays.copyOfRange(args, 1, args.length));
        try {
            switch (args[0]) {
                case "setup" -> SetupCommand.run(arguments);
                case "produce" -> ProduceCommand.run(arguments);
                case "consume" -> ConsumeCommand.run(arguments);
                case "offsets" -> OffsetsCommand.run(arguments);
                case "describe-topics" -> DescribeTopicsCommand.run(arguments);
                default -> usage("unknown command \"" + args[0] + "\"");
            }
        } catch (UsageException e) {
            usage(e.getMessage());
        } catch (Exception e) {
            Throwable cause = unwrap(e);
            String kind = cause instanceof AuthorizationException ? "authorization: " : cause instanceof AuthenticationException ? "authentication: " : "";
            System.err.println("error: " + kind + cause.getClass().getName() + ": " + cause.getMessage());
            System.exit(cause instanceof AuthorizationException ? 3 : cause instanceof AuthenticationException ? 4 : 1);
        }
        System.exit(0);
    }

    /** The exception behind ExecutionException/KafkaException wrappers that only carry another. */
    static Throwable unwrap(Throwable e) {
        Throwable current = e;
        while ((current instanceof ExecutionException || current.getClass() == org.apache.kafka.common.KafkaException.class)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static void usage(String problem) {
        System.err.println("error: usage: " + problem + " — commands: setup <spec.json> | produce <topic> <file|-> | consume <topic,…> | "
                + "offsets <group,…> | describe-topics <topic,…>, each with --config <client.properties>");
        System.exit(2);
    }
}
