package dev.basalt.cli;

import dev.basalt.agent.Tool;
import dev.basalt.bedrock.AwsRegions;
import dev.basalt.bedrock.BedrockAccount;
import dev.basalt.bedrock.BedrockChatModel;
import dev.basalt.bedrock.BedrockCredentials;
import dev.basalt.bedrock.ModelCatalog;
import dev.basalt.bedrock.ModelRef;
import dev.basalt.cli.mcp.McpServerConfig;
import dev.basalt.cli.mcp.McpServers;
import dev.basalt.core.ChatRequest;
import dev.basalt.core.ChatResponse;
import dev.basalt.core.ModelException;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `basalt doctor`: checks the set-up one step at a time, one line per check, the fix for each failure. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = "Check credentials, region, endpoint, the MCP servers of the settings and access to the model"
                + " with a 1-token call.")
final class Doctor implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", description = "The model to try (default: as `basalt chat` chooses).")
    String model;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private boolean failed;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        Settings settings = Settings.standard();
        ProjectTrust.settle(settings, false, spec.commandLine().getErr()::println);
        settings.applyApiKey();
        // Resolved exactly as chat, embed and count-tokens resolve them, so the checks are of what they will use.
        String profile = BedrockTarget.profile(aws, settings);
        String region = BedrockTarget.resolvedRegion(aws, settings, profile);
        boolean regionSet = BedrockTarget.regionInput(aws, settings) != null;
        boolean regionOk = AwsRegions.shaped(region);
        if (!regionOk) {
            fail("region", AwsRegions.unknown(region, "--region us-east-1").userMessage());
        } else {
            ok("region", region + (regionSet ? "" : " (no region set: the profile's, else the default us-east-1)")
                    + (AwsRegions.known(region) ? "" : " (not a region this Basalt knows: newer than it, or mistyped?)"));
        }
        String shownProfile = profile != null ? ", profile " + profile
                : System.getenv("AWS_PROFILE") != null ? ", profile " + System.getenv("AWS_PROFILE") + " (AWS_PROFILE)" : "";

        boolean credentialsOk = false;
        String apiKey = Chat.firstSet(System.getenv("AWS_BEARER_TOKEN_BEDROCK"), System.getProperty("aws.bearerTokenBedrock"));
        if (apiKey != null) {
            // The SDK signs Bedrock calls with the key as a bearer token; STS cannot say whose it is.
            ok("credentials", "a Bedrock API key " + Settings.masked(apiKey) + " (from "
                    + (System.getenv("AWS_BEARER_TOKEN_BEDROCK") != null ? "AWS_BEARER_TOKEN_BEDROCK" : "the bedrock.apiKey setting")
                    + "; no account check: an API key has no STS identity)");
            credentialsOk = true;
        } else {
            try {
                BedrockCredentials.Found found = BedrockCredentials.resolve(profile, region);
                ok("credentials", "from " + found.source() + ", key " + found.maskedKeyId()
                        + (found.temporary() ? " (temporary)" : "") + shownProfile);
                credentialsOk = true;
            } catch (ModelException e) {
                fail("credentials", e.userMessage());
            }
        }

        URI endpoint = BedrockTarget.endpoint(aws, settings);   // null: the SDK's variables, or the region's own
        if (credentialsOk && apiKey == null && regionOk) {
            account(profile, region, endpoint);
        }
        String endpointText = endpoint != null ? endpoint.toString()
                : Chat.firstSet(System.getenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME"), System.getenv("AWS_ENDPOINT_URL"),
                        "https://bedrock-runtime." + region + ".amazonaws.com");
        ok("endpoint", endpointText);
        mcpServers(settings);

        ModelRef ref;
        try {
            String input = Chat.modelInput(model, settings);
            ref = Chat.answering(ModelRef.parse(input, region, ModelCatalog.bundled()), input);
        } catch (ModelException e) {
            fail("model", e.userMessage());
            return ExitCode.MODEL_ERROR;
        } catch (UserError e) {
            fail("model", e.getMessage() + " (" + e.hint() + ")");
            return ExitCode.MODEL_ERROR;
        }
        if (!credentialsOk || !regionOk) {
            fail("model access", "not tried without " + (credentialsOk ? "a known region" : "credentials"));
            return ExitCode.MODEL_ERROR;
        }
        BedrockChatModel.Builder builder = BedrockChatModel.builder().region(ref.region() != null ? ref.region() : region).profile(profile);
        if (endpoint != null) {
            builder.endpoint(endpoint);
        }
        try (BedrockChatModel chat = builder.build()) {
            long start = System.nanoTime();
            ChatResponse response = chat.chat(ChatRequest.builder(ref.modelId()).user("Reply with OK.").maxTokens(1).build());
            ok("model access", ref.modelId() + " answered in " + (System.nanoTime() - start) / 1_000_000 + " ms ("
                    + response.usage().inputTokens() + " tokens in, " + response.usage().outputTokens() + " out)");
        } catch (ModelException e) {
            fail("model access", ref.modelId() + ": " + e.userMessage());
        }
        return failed ? ExitCode.MODEL_ERROR : ExitCode.OK;
    }

    /**
     * Each MCP server of the settings, started and asked for its tools as a chat would: one line per
     * server, with why it did not start (a refused token, an unreachable URL, a command that exits).
     */
    private void mcpServers(Settings settings) {
        List<McpServerConfig> configs = McpServerConfig.parseAll(settings.servers(), (name, why) ->
                fail("mcp " + name, why + " (fix it with basalt config set mcp.servers." + name + " ...)"));
        if (configs.isEmpty()) {
            return;
        }
        try (McpServers servers = McpServers.start(configs, VersionProvider.version(), line -> { }, line -> { })) {
            List<String> tools = servers.tools().stream().map(Tool::name).toList();
            Map<String, String> unavailable = servers.unavailable();
            for (McpServerConfig config : configs) {
                String check = "mcp " + config.name();
                if (unavailable.containsKey(config.name())) {
                    fail(check, unavailable.get(config.name()) + " (check it with basalt config get mcp.servers." + config.name() + ")");
                    continue;
                }
                String prefix = "mcp__" + config.name() + "__";
                List<String> own = tools.stream().filter(name -> name.startsWith(prefix))
                        .map(name -> name.substring(prefix.length())).toList();
                ok(check, own.size() + (own.size() == 1 ? " tool" : " tools") + (own.isEmpty() ? "" : ": "
                        + String.join(", ", own.size() <= 8 ? own : own.subList(0, 8)) + (own.size() > 8 ? ", ..." : "")));
            }
        }
    }

    /** The account the credentials belong to (STS GetCallerIdentity): proof they work beyond parsing. */
    private void account(String profile, String region, URI endpoint) {
        BedrockAccount.Builder builder = BedrockAccount.builder().region(region).profile(profile);
        if (endpoint != null) {
            builder.endpoint(endpoint);
        }
        try (BedrockAccount account = builder.build()) {
            BedrockAccount.Identity who = account.identity();
            ok("account", who.account() + " as " + who.arn());
        } catch (ModelException e) {
            fail("account", e.userMessage());
        }
    }

    private void ok(String check, String detail) {
        out.println("ok    " + String.format("%-13s", check) + detail);
        out.flush();
    }

    private void fail(String check, String detail) {
        failed = true;
        out.println("FAIL  " + String.format("%-13s", check) + detail);
        out.flush();
    }
}
