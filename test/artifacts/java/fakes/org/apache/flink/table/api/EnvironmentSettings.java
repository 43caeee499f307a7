package org.apache.flink.table.api;

import org.apache.flink.configuration.Configuration;

public class EnvironmentSettings {
    final String description;

    EnvironmentSettings(String description) {
        this.description = description;
    }

    public static EnvironmentSettings inBatchMode() {
        return new EnvironmentSettings("batch");
    }

    public static Builder newInstance() {
        return new Builder();
    }

    public static class Builder {
        private Configuration configuration = new Configuration();

        public Builder withConfiguration(Configuration configuration) {
            this.configuration = configuration;
            return this;
        }

        public EnvironmentSettings build() {
            return new EnvironmentSettings(configuration.toMap().toString());
        }
    }
}
