package dev.basalt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The root command: its subcommands do the work; alone it prints help. Its picocli model is built by
 * hand, as chat's is (see {@link OptionSpecs} for why).
 */
public final class BasaltCommand implements Runnable {

    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static CommandSpec spec() {
        BasaltCommand command = new BasaltCommand();
        CommandSpec spec = CommandSpec.wrapWithoutInspection(command);
        command.spec = spec;
        spec.name("basalt");
        spec.usageMessage()
                .description("Claude and the other foundation models on Amazon Bedrock, with the AWS credentials you already have.")
                .footer("", "Examples:",
                        "  basalt chat --local \"Hello\"            answer from the built-in emulator (no AWS account needed)",
                        "  basalt chat --region us-west-2 \"Hi\"    ask Claude on Bedrock with your AWS credentials",
                        "  basalt embed \"granite\" \"basalt\"        vectors from Titan Text Embeddings v2",
                        "  basalt count-tokens \"Hello\"            input tokens a prompt would cost",
                        "  basalt emulator --port 8000 --no-auth   run a local Bedrock endpoint");
        OptionSpecs.withHelp(spec);
        spec.addOption(OptionSpec.builder("--debug").arity("0").type(boolean.class).scopeType(CommandLine.ScopeType.INHERIT)
                .description("Show details and stack traces of errors.").build());
        return spec;
    }

    /** The subcommands by name, in the order help lists them. Suppliers: a class is touched only if used. */
    private static final java.util.Map<String, java.util.function.Supplier<Object>> SUBCOMMANDS = subcommands();

    private static java.util.Map<String, java.util.function.Supplier<Object>> subcommands() {
        java.util.Map<String, java.util.function.Supplier<Object>> all = new java.util.LinkedHashMap<>();
        all.put("chat", () -> Chat.spec(new Chat()));
        all.put("conversations", Conversations::new);
        all.put("models", Models::new);
        all.put("embed", Embed::new);
        all.put("count-tokens", CountTokens::new);
        all.put("config", Config::new);
        all.put("doctor", Doctor::new);
        all.put("emulator", EmulatorCommand::new);
        all.put("help", CommandLine.HelpCommand::new);
        return all;
    }

    /** Builds the command line with every subcommand and Basalt's error reporting; tests drive this directly. */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * Builds the command line for {@code args}: when they name a subcommand, only that one is
     * registered. Picocli reflects on every registered command class (and the types its methods
     * name) as it builds its model, which cost a one-shot answer tens of milliseconds for commands
     * it never runs; help, --version and unknown words still see them all.
     */
    public static CommandLine commandLine(String[] args) {
        CommandLine cli = new CommandLine(spec());
        String named = null;
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                named = arg;
                break;
            }
        }
        if (named != null && SUBCOMMANDS.containsKey(named) && !named.equals("help")) {
            cli.addSubcommand(named, SUBCOMMANDS.get(named).get());
        } else {
            SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
        }
        ErrorReporter reporter = new ErrorReporter();
        cli.setExecutionExceptionHandler(reporter);
        cli.setParameterExceptionHandler(reporter);
        return cli;
    }
}
