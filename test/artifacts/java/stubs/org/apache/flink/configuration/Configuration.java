package org.apache.flink.configuration;

import java.util.Map;

public class Configuration {
    public static Configuration fromMap(Map<String, String> map) {
        return new Configuration();
    }

    public Map<String, String> toMap() {
        throw new UnsupportedOperationException();
    }
}
