package io.eventpipelines.sqlrunner;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Input from program arguments, for the Flink Kubernetes Operator (files mounted into the pods):
 * {@code --script-file <path.sql> [--settings-file <path.properties>]}.
 */
final class CommandLineInput {

    static final String SCRIPT_FILE = "--script-file";
    static final String SETTINGS_FILE = "--settings-file";

    private CommandLineInput() {
    }

    /** Whether the arguments name a script file. */
    static boolean applies(String[] args) {
        for (String arg : args) {
            if (SCRIPT_FILE.equals(arg)) {
                return true;
            }
        }
        return false;
    }

    static RunnerInput read(String[] args) throws IOException {
        String scriptFile = null;
        String settingsFile = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if ((SCRIPT_FILE.equals(arg) || SETTINGS_FILE.equals(arg)) && i + 1 < args.length) {
                if (SCRIPT_FILE.equals(arg)) {
                    scriptFile = args[++i];
                } else {
                    settingsFile = args[++i];
                }
            } else {
                throw new IllegalArgumentException("unknown or incomplete argument '" + arg + "'; usage: "
                        + SCRIPT_FILE + " <file.sql> [" + SETTINGS_FILE + " <file.properties>]");
            }
        }
        if (scriptFile == null) {
            throw new IllegalArgumentException(SCRIPT_FILE + " is required");
        }
        String script = new String(Files.readAllBytes(Paths.get(scriptFile)), StandardCharsets.UTF_8);
        Map<String, String> settings = settingsFile == null ? new LinkedHashMap<>() : readProperties(Paths.get(settingsFile));
        return new RunnerInput(script, settings, "file " + scriptFile);
    }

    private static Map<String, String> readProperties(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : new TreeSet<>(properties.stringPropertyNames())) {
            settings.put(key, properties.getProperty(key));
        }
        return settings;
    }
}
