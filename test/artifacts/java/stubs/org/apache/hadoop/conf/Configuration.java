package org.apache.hadoop.conf;

public class Configuration {
    public Configuration(boolean loadDefaults) {
    }

    public void set(String name, String value) {
    }
}
