package io.eventpipelines.sqlrunner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Input from Managed Service for Apache Flink runtime property groups (values are limited to 2,048 characters):
 * the script is cut into parts stored in groups {@code sql.0}, {@code sql.1}, ... under keys {@code 0000},
 * {@code 0001}, ...; the runner concatenates them in group number and key order. Group {@code settings} holds the
 * settings. Must match {@code constructs/managed/flink/msf-property-groups.ts}.
 */
final class PropertyGroupInput {

    static final String SQL_GROUP_PREFIX = "sql.";
    static final String SETTINGS_GROUP = "settings";

    private PropertyGroupInput() {
    }

    /** The input held by the given property groups. */
    static RunnerInput fromGroups(Map<String, Properties> groups) {
        List<String> sqlGroups = new ArrayList<>();
        for (String group : groups.keySet()) {
            if (group.startsWith(SQL_GROUP_PREFIX) && group.substring(SQL_GROUP_PREFIX.length()).matches("\\d+")) {
                sqlGroups.add(group);
            }
        }
        if (sqlGroups.isEmpty()) {
            throw new IllegalArgumentException("no property group " + SQL_GROUP_PREFIX + "0 with the SQL script; groups: " + groups.keySet());
        }
        sqlGroups.sort(Comparator.comparingInt(g -> Integer.parseInt(g.substring(SQL_GROUP_PREFIX.length()))));
        StringBuilder script = new StringBuilder();
        for (String group : sqlGroups) {
            Properties parts = groups.get(group);
            for (String key : new TreeSet<>(parts.stringPropertyNames())) {
                script.append(parts.getProperty(key));
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        Properties settingsGroup = groups.get(SETTINGS_GROUP);
        if (settingsGroup != null) {
            for (String key : new TreeSet<>(settingsGroup.stringPropertyNames())) {
                settings.put(key, settingsGroup.getProperty(key));
            }
        }
        return new RunnerInput(script.toString(), settings, "property groups " + sqlGroups);
    }
}
