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
        if (callsBedrock(args) && System.getenv("BASALT_NO_WARMUP") == null) {
            // The second core readies the SDK while this thread builds the command line and reads settings.
            dev.basalt.bedrock.BedrockWarmUp.start(!localEndpoint(args));
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

    /** The subcommands whose work is a call to Bedrock, unless they were only asked for help. */
    static boolean callsBedrock(String[] args) {
        String command = null;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h") || arg.equals("--version") || arg.equals("-V")) {
                return false;
            }
            if (command == null && !arg.startsWith("-")) {
                command = arg;
            }
        }
        return command != null && java.util.Set.of("chat", "embed", "count-tokens", "doctor").contains(command);
    }

    /** A guess, good enough for a warm-up: --local, or a plain-http endpoint, means no TLS. */
    static boolean localEndpoint(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--local") || args[i].startsWith("--endpoint-url=http:")
                    || args[i].equals("--endpoint-url") && i + 1 < args.length && args[i + 1].startsWith("http:")) {
                return true;
            }
        }
        String env = System.getenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME");
        return env != null && env.startsWith("http:");
    }
}
