package dev.basalt.cli;

/** The process exit statuses, one place so scripts can rely on them. */
public final class ExitCode {

    public static final int OK = 0;
    /** The model call failed (credentials, access, network, throttling...). */
    public static final int MODEL_ERROR = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** A bug in basalt. */
    public static final int INTERNAL = 3;
    /** Interrupted by Ctrl-C. */
    public static final int INTERRUPTED = 130;

    private ExitCode() {
    }
}
