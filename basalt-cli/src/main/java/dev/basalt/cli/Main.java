package dev.basalt.cli;

/** The `basalt` command. */
public final class Main {

    private Main() {
    }

    /** Held so the logger's setting outlives garbage collection (java.util.logging keeps loggers weakly). */
    private static final java.util.logging.Logger ROOT_LOGGER = java.util.logging.Logger.getLogger("");

    public static void main(String[] args) {
        // Netty refuses SLF4J's no-op binding and falls back to java.util.logging, which would print
        // its internal warnings on the user's terminal; errors reach the user through ErrorReporter.
        if (!java.util.Arrays.asList(args).contains("--debug")) {
            ROOT_LOGGER.setLevel(java.util.logging.Level.OFF);
        }
        picocli.CommandLine cli = BasaltCommand.commandLine(args);
        int status = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.out.flush();
        System.err.flush();
        // exit() rather than returning: a thread the SDK or Netty left running must not keep the JVM alive.
        System.exit(status);
    }
}
