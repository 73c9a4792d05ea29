package dev.basalt.cli;

/** The `basalt` command. */
public final class Main {

    private Main() {
    }

    private static boolean debug;
    private static boolean tls;
    private static boolean warmingUp;
    /** Held so the logger's setting outlives garbage collection (java.util.logging keeps loggers weakly). */
    private static java.util.logging.Logger quietRoot;

    public static void main(String[] args) {
        debug = java.util.Arrays.asList(args).contains("--debug");
        if (!debug) {
            // Left to choose, Netty refuses SLF4J's no-op binding and falls back to java.util.logging,
            // whose warnings would reach the user's terminal (errors reach it through ErrorReporter).
            // Pointed at SLF4J it stays quiet, and java.util.logging never starts (40 ms of every run).
            // Set before the warm-up starts: a Netty class keeps the logger it was first given.
            io.netty.util.internal.logging.InternalLoggerFactory.setDefaultFactory(
                    io.netty.util.internal.logging.Slf4JLoggerFactory.INSTANCE);
        }
        // Known answers instead of class path searches: picocli's default factory otherwise looks for Groovy,
        // SLF4J for its providers (each was 20-35 ms while the class path was 60 jars; see the shaded jar).
        System.setProperty("picocli.disable.closures", "true");
        System.setProperty("slf4j.provider", "org.slf4j.nop.NOPServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");   // else SLF4J says on stderr that it did so
        String command = callsBedrock(args);
        if (command != null) {
            tls = !localEndpoint(args);
            // The second core readies the SDK while this thread builds the command line and reads settings.
            // A chat on a terminal may be an interactive session, which must draw its prompt first: it
            // starts the warm-up itself (Chat and Repl call warmUpBedrock when they know).
            if (!command.equals("chat") || System.console() == null) {
                warmUpBedrock();
            } else if (Chat.promptless(args)) {
                TerminalStart.beginEarly();
                prepareChat(false);   // a session's prompt needs no JSON unless settings files exist
            } else {
                prepareChat(true);
            }
        }
        picocli.CommandLine cli = BasaltCommand.commandLine(args);
        int status = cli.execute(args);
        TerminalStart.discardEarly();   // the parse failed, or help was asked for
        cli.getOut().flush();
        cli.getErr().flush();
        System.out.flush();
        System.err.flush();
        // exit() rather than returning: a thread the SDK or Netty left running must not keep the JVM alive.
        System.exit(status);
    }

    /** JLine logs through java.util.logging: the interactive session turns that off, unless --debug. */
    static synchronized void quietJavaLogging() {
        if (!debug && quietRoot == null) {
            quietRoot = java.util.logging.Logger.getLogger("");
            quietRoot.setLevel(java.util.logging.Level.OFF);
        }
    }

    /**
     * Readies on another thread what a chat sets up whatever its options: the bundled model catalog
     * (about 25 ms to parse) and, with {@code json}, Jackson's object mapper (about 40 ms: its default
     * date format sets up the JDK's calendar and locale data), which the conversation file and the
     * tools need. Main calls it for a chat on a terminal while it reads the command line (the second
     * core is otherwise idle until the prompt or the call; elsewhere the SDK's warm-up has it), the
     * interactive session for the JSON once its prompt is drawn.
     */
    static void prepareChat(boolean json) {
        Thread thread = new Thread(() -> {
            try {
                if (json) {
                    new com.fasterxml.jackson.databind.ObjectMapper();
                }
                dev.basalt.bedrock.ModelCatalog.bundled();
            } catch (RuntimeException | LinkageError ignored) {
                // a head start only: the session does the same and reports any problem
            }
        }, "basalt-prepare");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts readying the SDK on another thread, once per run; a run that never calls Bedrock never calls this. */
    static synchronized void warmUpBedrock() {
        if (!warmingUp) {
            warmingUp = true;
            dev.basalt.bedrock.BedrockWarmUp.start(tls);
        }
    }

    /** The subcommand, when its work is a call to Bedrock and it was not only asked for help; else null. */
    static String callsBedrock(String[] args) {
        String command = null;
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h") || arg.equals("--version") || arg.equals("-V")) {
                return null;
            }
            if (command == null && !arg.startsWith("-")) {
                command = arg;
            }
        }
        return command != null && java.util.Set.of("chat", "embed", "count-tokens", "doctor").contains(command) ? command : null;
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
