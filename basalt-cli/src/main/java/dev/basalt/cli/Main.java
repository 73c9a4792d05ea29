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
        picocli.CommandLine cli = BasaltCommand.commandLine();
        int status = cli.execute(args);
        cli.getOut().flush();
        cli.getErr().flush();
        System.out.flush();
        System.err.flush();
        // halt(), not exit(): exit() runs the shutdown hooks, and one registered by the AWS SDK's
        // dependencies costs ~0.3 s of a one-shot answer (measured with strace in bench/README.md).
        // Nothing of ours needs a hook: every conversation line is already written and output is flushed.
        Runtime.getRuntime().halt(status);
    }
}
