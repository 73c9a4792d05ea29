package dev.basalt.cli;

import dev.basalt.agent.Agent;
import dev.basalt.agent.Conversation;
import dev.basalt.bedrock.BedrockChatModel;
import dev.basalt.core.ChatModel;
import dev.basalt.core.InferenceConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `basalt chat "prompt"`: one answer, streamed to stdout. */
@Command(name = "chat", mixinStandardHelpOptions = true,
        description = "Ask a model on Bedrock; the answer streams to stdout.",
        footer = {"", "Examples:",
                "  basalt chat --local \"Hello\"",
                "  basalt chat --model us.anthropic.claude-haiku-4-5-20251001-v1:0 --region us-west-2 \"Summarise RFC 2119\"",
                "  basalt chat --endpoint-url http://127.0.0.1:8000 \"Hi\""})
final class Chat implements Callable<Integer> {

    /** Claude Sonnet 4.5 through the global inference profile: served on demand in every commercial region. */
    static final String DEFAULT_MODEL = "global.anthropic.claude-sonnet-4-5-20250929-v1:0";

    @Mixin
    AwsOptions aws;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "Bedrock model or inference-profile id (default: BASALT_MODEL, else " + DEFAULT_MODEL + ").")
    String model;

    @Option(names = {"-s", "--system"}, paramLabel = "TEXT", description = "A system prompt.")
    String system;

    @Option(names = "--max-tokens", paramLabel = "N", description = "Most tokens the answer may use.")
    Integer maxTokens;

    @Option(names = "--local",
            description = "Answer from the built-in Bedrock emulator (an echo model): no AWS account or network needed.")
    boolean local;

    @Parameters(arity = "0..*", paramLabel = "PROMPT", description = "What to ask; read from stdin when absent and stdin is piped.")
    List<String> prompt;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String text = promptText();
        if (maxTokens != null && maxTokens < 1) {
            throw new UserError(ExitCode.USAGE, "--max-tokens must be at least 1", "for example --max-tokens 1024");
        }
        String modelId = modelId();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        LocalEndpoint localEndpoint = local ? startLocal() : null;
        ChatModel chatModel = buildModel(localEndpoint);
        debug("model " + modelId + ", region " + BedrockChatModel.resolveRegion(aws.region, aws.profile)
                + ", endpoint " + (localEndpoint != null ? localEndpoint.endpoint() : aws.endpoint() == null ? "default" : aws.endpoint()));
        InferenceConfig inference = maxTokens == null ? InferenceConfig.DEFAULTS : InferenceConfig.DEFAULTS.withMaxTokens(maxTokens);
        Agent agent = new Agent(chatModel, modelId, system == null ? List.of() : List.of(system), inference, new Conversation());
        StreamPrinter printer = new StreamPrinter(out);
        agent.run(text, printer);
        printer.finish();
        return ExitCode.OK;
    }

    private String modelId() {
        if (model != null && !model.isBlank()) {
            return model.strip();
        }
        String fromEnv = System.getenv("BASALT_MODEL");
        return fromEnv == null || fromEnv.isBlank() ? DEFAULT_MODEL : fromEnv.strip();
    }

    private String promptText() {
        if (prompt != null && !prompt.isEmpty()) {
            return String.join(" ", prompt);
        }
        if (System.console() == null) {
            String piped = readStdin();
            if (!piped.isBlank()) {
                return piped;
            }
        }
        throw new UserError(ExitCode.USAGE, "no prompt given", "pass it as an argument: basalt chat \"Hello\", or pipe it on stdin");
    }

    private static String readStdin() {
        try (InputStream in = System.in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private LocalEndpoint startLocal() {
        if (aws.endpointUrl != null) {
            throw new UserError(ExitCode.USAGE, "--local and --endpoint-url cannot be used together",
                    "drop --endpoint-url to use the built-in emulator, or drop --local to use that endpoint");
        }
        LocalEndpoint endpoint = LocalEndpoint.start();
        System.err.println("basalt: answering from the local Bedrock emulator at " + endpoint.endpoint()
                + " (echo model: it repeats your prompt)");
        return endpoint;
    }

    private ChatModel buildModel(LocalEndpoint localEndpoint) {
        BedrockChatModel.Builder builder = BedrockChatModel.builder()
                .region(aws.region)
                .profile(aws.profile);
        if (localEndpoint != null) {
            builder.endpoint(localEndpoint.endpoint()).credentials(localEndpoint.accessKeyId(), localEndpoint.secretAccessKey());
        } else if (aws.endpoint() != null) {
            builder.endpoint(aws.endpoint());
        }
        return builder.build();
    }

    private void debug(String line) {
        BasaltCommand root = (BasaltCommand) spec.root().userObject();
        if (root.debug) {
            System.err.println("basalt: " + line);
        }
    }
}
