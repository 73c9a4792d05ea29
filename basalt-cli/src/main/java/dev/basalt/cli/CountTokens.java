package dev.basalt.cli;

import dev.basalt.bedrock.BedrockTokenCounter;
import dev.basalt.bedrock.ModelRef;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.TokenCount;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `basalt count-tokens TEXT`: the input tokens a prompt would cost, without running the model. */
@Command(name = "count-tokens", mixinStandardHelpOptions = true,
        description = {"Count the input tokens a prompt would cost, with Bedrock's CountTokens (free, no answer written).",
                "Models that cannot count (Claude 3 Haiku, Nova, Llama, ...) get an estimate of characters / 4,",
                "marked \"(estimate)\"."},
        footer = {"", "Examples:",
                "  basalt count-tokens --local \"How many tokens is this?\"",
                "  basalt count-tokens --model haiku --system \"Be brief.\" \"Summarise the release notes\"",
                "  basalt count-tokens --output json < prompt.txt"})
final class CountTokens implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "An alias or id, as for `basalt chat` (default: BASALT_MODEL, AMAZON_Q_MODEL, chat.defaultModel, else "
                    + Chat.DEFAULT_MODEL + ").")
    String model;

    @Option(names = {"-s", "--system"}, paramLabel = "TEXT", description = "A system prompt, counted with the text.")
    String system;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json ({\"model\", \"input_tokens\", \"estimated\"}).")
    String output;

    @Option(names = "--local",
            description = "Count with the built-in Bedrock emulator (characters / 4, as its models count): no AWS account needed.")
    boolean local;

    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "The prompt, words joined by spaces; without it, stdin.")
    List<String> text;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        boolean json = Embed.jsonOutput(output);
        String prompt = text == null || text.isEmpty() ? stdin() : String.join(" ", text);
        PrintWriter out = spec.commandLine().getOut();
        Settings settings = Settings.standard();
        try (BedrockTarget target = BedrockTarget.of(aws, local, settings)) {
            String input = Chat.modelInput(model, settings);
            ModelRef ref = Chat.answering(target.model(input), input);
            if (local) {
                target.startLocal(spec.commandLine().getErr(), "it counts characters / 4");
            }
            ChatRequest.Builder request = ChatRequest.builder(ref.modelId()).user(prompt);
            if (system != null && !system.isBlank()) {
                request.system(system);
            }
            TokenCount count;
            try (BedrockTokenCounter counter = target.tokenCounter(ref)) {
                count = counter.count(request.build());
            }
            out.println(json
                    ? JsonLine.object("model", ref.modelId(), "input_tokens", count.tokens(), "estimated", count.estimated())
                    : count.tokens() + " input tokens" + (count.estimated() ? " (estimate)" : ""));
            out.flush();
            return ExitCode.OK;
        }
    }

    private static String stdin() {
        String piped = "";
        if (System.console() == null) {
            try {
                piped = new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read stdin", e);
            }
        }
        if (piped.isBlank()) {
            throw new UserError(ExitCode.USAGE, "no text to count",
                    "pass it as an argument: basalt count-tokens \"Hello\", or pipe it on stdin");
        }
        return piped;
    }
}
