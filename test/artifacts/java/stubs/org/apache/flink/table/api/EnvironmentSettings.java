package org.apache.flink.table.api;

import org.apache.flink.configuration.Configuration;

public class EnvironmentSettings {
    public static EnvironmentSettings inBatchMode() {
        return new EnvironmentSettings();
    }

    public static Builder newInstance() {
        return new Builder();
    }

    public static class Builder {
        public Builder withConfiguration(Configuration configuration) {
            return this;
        }

        public EnvironmentSettings build() {
            return new EnvironmentSettings();
        }
    }
}
