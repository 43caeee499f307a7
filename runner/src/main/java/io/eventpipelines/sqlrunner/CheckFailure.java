package io.eventpipelines.sqlrunner;

/**
 * Turns a failure of the check into one line that names what is missing: the class of a
 * {@link NoClassDefFoundError} / {@link ClassNotFoundException} anywhere in the cause chain, else the innermost
 * message.
 */
final class CheckFailure {

    private CheckFailure() {
    }

    /** The missing class named by the cause chain (dotted), or {@code null}. */
    static String missingClass(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if ((t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) && t.getMessage() != null) {
                String name = t.getMessage().trim();
                int space = name.indexOf(' ');
                return (space < 0 ? name : name.substring(0, space)).replace('/', '.');
            }
        }
        return null;
    }

    /** {@code missing class a.b.C (java.lang.NoClassDefFoundError: a/b/C)} or {@code <type>: <innermost message>}. */
    static String describe(Throwable failure) {
        Throwable innermost = failure;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
        }
        String cause = innermost.getClass().getName() + (innermost.getMessage() == null ? "" : ": " + innermost.getMessage());
        String missing = missingClass(failure);
        return missing == null ? cause : "missing class " + missing + " (" + cause + ")";
    }
}
