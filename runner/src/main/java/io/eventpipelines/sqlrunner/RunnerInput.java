package io.eventpipelines.sqlrunner;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the runner runs: the SQL script and the settings applied when it creates the TableEnvironment. */
public final class RunnerInput {

    private final String script;
    private final Map<String, String> settings;
    private final String source;

    RunnerInput(String script, Map<String, String> settings, String source) {
        this.script = script;
        this.settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        this.source = source;
    }

    public String script() {
        return script;
    }

    /** Flink configuration (e.g. {@code execution.runtime-mode}, {@code table.exec.state.ttl}). */
    public Map<String, String> settings() {
        return settings;
    }

    /** Where the input came from, for logs. */
    public String source() {
        return source;
    }
}
