package org.apache.flink.configuration;

import java.util.Map;
import java.util.TreeMap;

public class Configuration {
    private final Map<String, String> map = new TreeMap<>();

    public static Configuration fromMap(Map<String, String> map) {
        Configuration c = new Configuration();
        c.map.putAll(map);
        return c;
    }

    public Map<String, String> toMap() {
        return new TreeMap<>(map);
    }
}
