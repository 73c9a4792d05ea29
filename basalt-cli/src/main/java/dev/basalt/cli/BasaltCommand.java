package dev.basalt.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root command: its subcommands do the work; alone it prints help. */
@Command(name = "basalt",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Claude and the other foundation models on Amazon Bedrock, with the AWS credentials you already have.",
        subcommands = {Chat.class, Conversations.class, Models.class, Embed.class, CountTokens.class, Config.class, Doctor.class,
                EmulatorCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  basalt chat --local \"Hello\"            answer from the built-in emulator (no AWS account needed)",
                "  basalt chat --region us-west-2 \"Hi\"    ask Claude on Bedrock with your AWS credentials",
                "  basalt embed \"granite\" \"basalt\"        vectors from Titan Text Embeddings v2",
                "  basalt count-tokens \"Hello\"            input tokens a prompt would cost",
                "  basalt emulator --port 8000 --no-auth   run a local Bedrock endpoint"})
public final class BasaltCommand implements Runnable {

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Show details and stack traces of errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with Basalt's error reporting; tests drive this directly. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new BasaltCommand());
        ErrorReporter reporter = new ErrorReporter();
        cli.setExecutionExceptionHandler(reporter);
        cli.setParameterExceptionHandler(reporter);
        return cli;
    }
}
