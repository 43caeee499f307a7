package com.amazonaws.services.kinesisanalytics.runtime;

import java.io.IOException;
import java.util.Map;
import java.util.Properties;

public class KinesisAnalyticsRuntime {
    public static Map<String, Properties> getApplicationProperties() throws IOException {
        throw new IOException("not on Managed Service for Apache Flink");
    }
}
