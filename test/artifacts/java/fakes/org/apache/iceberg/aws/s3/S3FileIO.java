package org.apache.iceberg.aws.s3;

public class S3FileIO implements AutoCloseable {
    public S3FileIO() {
        System.out.println("new S3FileIO");
    }

    public void initialize(java.util.Map<String, String> options) {
        System.out.println("initialize S3FileIO " + new java.util.TreeMap<>(options));
    }

    @Override
    public void close() {
        System.out.println("close S3FileIO");
    }
}
