package io.eventpipelines.sqlrunner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The configuration the runner creates the TableEnvironment with. */
final class SqlRunnerSettings {

    private SqlRunnerSettings() {
    }

    /**
     * The input's settings plus the script's {@code SET} statements. A {@code SET} that contradicts a setting given
     * to the runner is an error, never a silent override.
     */
    static Map<String, String> merge(Map<String, String> inputSettings, List<SqlStatement> statements) {
        Map<String, String> settings = new LinkedHashMap<>(inputSettings);
        for (SqlStatement statement : statements) {
            if (statement.kind() != SqlStatement.Kind.SET) {
                continue;
            }
            String previous = settings.putIfAbsent(statement.key(), statement.value());
            if (previous != null && !previous.equals(statement.value())) {
                throw new IllegalArgumentException("SET '" + statement.key() + "' = '" + statement.value()
                        + "' contradicts the setting '" + previous + "' given to the runner");
            }
        }
        return settings;
    }
}
