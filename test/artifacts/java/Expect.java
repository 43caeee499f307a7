package io.eventpipelines.sqlrunner;

/**
 * The assertions of the JDK-run checks (SqlRunnerChecks, CheckModeChecks): each failure prints what differed and exits
 * 1, so the jest test that runs them sees the first failure with its name.
 */
final class Expect {
    private static int count = 0;

    private Expect() {
    }

    /** How many checks ran. */
    static int count() {
        return count;
    }

    static void check(String name, Object expected, Object actual) {
        count++;
        if (expected == null ? actual != null : !expected.equals(actual)) {
            System.err.println("FAIL " + name + "\n  expected: " + expected + "\n  actual:   " + actual);
            System.exit(1);
        }
    }

    static void fails(String name, Runnable body, String messagePart) {
        count++;
        try {
            body.run();
        } catch (IllegalArgumentException e) {
            if (e.getMessage().contains(messagePart)) {
                return;
            }
            System.err.println("FAIL " + name + ": wrong message " + e.getMessage());
            System.exit(1);
        }
        System.err.println("FAIL " + name + ": no error");
        System.exit(1);
    }
}
