package io.eventpipelines.local.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/** Positional arguments and {@code --name value} options (repeatable) of one command; {@code --print} is a flag. */
final class ToolArguments {

    private static final Set<String> FLAGS = Set.of("print");

    private final List<String> positional;
    private final Map<String, List<String>> options;

    private ToolArguments(List<String> positional, Map<String, List<String>> options) {
        this.positional = positional;
        this.options = options;
    }

    static ToolArguments parse(String[] args) {
        List<String> positional = new ArrayList<>();
        Map<String, List<String>> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--")) {
                String name = args[i].substring(2);
                if (FLAGS.contains(name)) {
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
                } else if (i + 1 < args.length) {
                    options.computeIfAbsent(name, k -> new ArrayList<>()).add(args[++i]);
                } else {
                    throw new UsageException("option --" + name + " needs a value");
                }
            } else {
                positional.add(args[i]);
            }
        }
        return new ToolArguments(positional, options);
    }

    String positional(int index, String what) {
        if (index >= positional.size()) {
            throw new UsageException("missing " + what);
        }
        return positional.get(index);
    }

    String option(String name, String fallback) {
        List<String> values = options.get(name);
        return values == null ? fallback : values.get(values.size() - 1);
    }

    List<String> options(String name) {
        return options.getOrDefault(name, List.of());
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    static List<String> commaList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The client properties of {@code --config} (bootstrap servers, security, config providers). */
    Map<String, Object> clientConfig() throws IOException {
        String file = option("config", null);
        if (file == null) {
            throw new UsageException("missing --config <client.properties>");
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            properties.load(in);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(name -> config.put(name, properties.getProperty(name)));
        return config;
    }
}
