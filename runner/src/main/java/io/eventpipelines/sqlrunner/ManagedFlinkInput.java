package io.eventpipelines.sqlrunner;

import com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime;

import java.io.IOException;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the runtime properties of a Managed Service for Apache Flink application through the MSF runtime API
 * ({@code aws-kinesisanalytics-runtime}, provided by MSF; absent on the self-hosted flavor, so this class is only loaded
 * after {@link #available()} said yes).
 */
final class ManagedFlinkInput {

    static final String RUNTIME_CLASS = "com.amazonaws.services.kinesisanalytics.runtime.KinesisAnalyticsRuntime";

    private ManagedFlinkInput() {
    }

    static boolean available() {
        try {
            Class.forName(RUNTIME_CLASS, false, ManagedFlinkInput.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    static RunnerInput read() throws IOException {
        Map<String, Properties> groups = KinesisAnalyticsRuntime.getApplicationProperties();
        if (groups == null || groups.isEmpty()) {
            throw new IllegalStateException("the application has no runtime properties: expected the SQL script in property groups "
                    + PropertyGroupInput.SQL_GROUP_PREFIX + "0, ...");
        }
        return PropertyGroupInput.fromGroups(groups);
    }
}
