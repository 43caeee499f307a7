package io.eventpipelines.local.kafka;

/** A command line the tool cannot run: exit code 2 with the message. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
