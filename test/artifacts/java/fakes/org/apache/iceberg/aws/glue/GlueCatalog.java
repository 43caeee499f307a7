package org.apache.iceberg.aws.glue;

public class GlueCatalog implements AutoCloseable {
    public GlueCatalog() {
        System.out.println("new GlueCatalog");
    }

    public void initialize(String name, java.util.Map<String, String> options) {
        System.out.println("initialize GlueCatalog " + name + " " + new java.util.TreeMap<>(options));
    }

    @Override
    public void close() {
        System.out.println("close GlueCatalog");
    }
}
