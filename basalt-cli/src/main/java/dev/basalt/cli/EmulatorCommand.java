package dev.basalt.cli;

import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.Fault;
import dev.basalt.emulator.FaultRule;
import dev.basalt.emulator.Guardrail;
import dev.basalt.emulator.Pace;
import dev.basalt.emulator.Quota;
import dev.basalt.emulator.ScriptedModel;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `basalt emulator`: a local Bedrock endpoint in the foreground until Ctrl-C. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = "Run a local Amazon Bedrock endpoint that real Bedrock clients accept unchanged: Converse, "
                + "ConverseStream, InvokeModel and InvokeModelWithResponseStream (Anthropic, Titan, Nova, Llama, Mistral "
                + "and Cohere bodies), CountTokens, ApplyGuardrail, and the control plane's model and inference-profile "
                + "lists; SigV4, Bedrock API keys or no auth; HTTP/1.1 and HTTP/2 cleartext on one port. The model "
                + "echoes the last user message, or plays a --script. Stops on Ctrl-C.",
        footer = {"", "Keys default to AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when both are",
                "set, so clients in the same shell sign with keys the emulator accepts.", "",
                "Script (--script): the n-th model call of a conversation gets turn n;",
                "past the last turn the model echoes. Blocks: text, toolUse {name, input,",
                "id?}, reasoning with signature, redactedReasoning (base64 bytes); per turn",
                "optional stopReason and usage.",
                "  {\"turns\": [",
                "    {\"reply\": [{\"text\": \"Let me look.\"},",
                "               {\"toolUse\": {\"name\": \"read_file\",",
                "                            \"input\": {\"path\": \"a.txt\"}}}]},",
                "    {\"reply\": [{\"text\": \"Done.\"}]}]}", "",
                "Settings (--config, or PUT /_basalt/settings while running):",
                "  {\"faults\": [",
                "     {\"kind\": \"throttle\", \"rate\": 0.2, \"model\": \"*sonnet*\"},",
                "     {\"kind\": \"error\", \"status\": 503,",
                "      \"type\": \"ServiceUnavailableException\", \"message\": \"busy\"},",
                "     {\"kind\": \"stream-exception\", \"afterEvents\": 3,",
                "      \"type\": \"modelStreamErrorException\"},",
                "     {\"kind\": \"truncated-frame\", \"afterEvents\": 2},",
                "     {\"kind\": \"corrupt-frame\", \"afterEvents\": 2},",
                "     {\"kind\": \"stall\", \"afterEvents\": 2, \"ms\": 5000},",
                "     {\"kind\": \"slow-read\", \"ms\": 2000}],",
                "   \"quotas\": [{\"model\": \"*\", \"rpm\": 60, \"tpm\": 100000}],",
                "   \"pace\": {\"firstTokenMs\": 300, \"tokensPerSecond\": 80},",
                "   \"guardrails\": [{\"id\": \"gr-demo\", \"version\": \"1\",",
                "                   \"words\": [\"secret\"]}]}",
                "  Faults strike the given share (rate, default 1) of calls to models",
                "  matching the glob (default *), at most \"times\" calls if given (e.g. 1:",
                "  only the first call fails); stream kinds act after N events.", "",
                "Admin API on the same port, no auth:",
                "  GET /_basalt/health      GET|PUT /_basalt/settings",
                "  PUT|DELETE /_basalt/faults   PUT|DELETE /_basalt/quotas",
                "  PUT /_basalt/pace        GET|DELETE /_basalt/calls   POST /_basalt/reset",
                "  GET /_basalt/streams     (when each stream's first and last frames left)", "",
                "Examples:",
                "  basalt emulator --access-key-id AKIDEXAMPLE --secret-access-key secret",
                "  basalt emulator --no-auth --throttle-rate 0.1 --tokens-per-second 60",
                "  basalt emulator --no-auth --fault stream-exception,afterEvents=3,times=1",
                "  basalt emulator --no-auth --script demo.json --log requests.jsonl",
                "  AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:8000 basalt chat \"Hello\"",
                "  AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:8000 \\",
                "    aws bedrock-runtime converse --model-id amazon.nova-micro-v1:0 \\",
                "    --messages '[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]'"})
final class EmulatorCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", defaultValue = "8000",
            description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--access-key-id", paramLabel = "ID", description = "Access key id that SigV4 requests must use.")
    String accessKeyId;

    @Option(names = "--secret-access-key", paramLabel = "KEY", description = "Secret key that SigV4 signatures are checked against.")
    String secretAccessKey;

    @Option(names = "--api-key", paramLabel = "KEY", description = "Accept this Bedrock API key (Authorization: Bearer KEY); repeatable.")
    java.util.List<String> apiKeys = new java.util.ArrayList<>();

    @Option(names = "--no-auth", description = "Accept requests with no credentials at all.")
    boolean noAuth;

    @Option(names = "--script", paramLabel = "FILE", description = "Play this scripted conversation instead of echoing.")
    Path script;

    @Option(names = "--config", paramLabel = "FILE", description = "Faults, quotas, pace and guardrails from a JSON file (see below).")
    Path config;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Serve only this region, as a regional endpoint does (requests signed for another get 403).")
    String region;

    @Option(names = "--log", paramLabel = "FILE", description = "Append one JSON line per request and answer (credentials redacted).")
    Path log;

    @Option(names = "--first-token-ms", paramLabel = "MS", defaultValue = "0",
            description = "Wait before the first streamed token (default: ${DEFAULT-VALUE}).")
    long firstTokenMs;

    @Option(names = "--tokens-per-second", paramLabel = "N", defaultValue = "0",
            description = "Stream output at this rate; 0 is unlimited (default: ${DEFAULT-VALUE}).")
    double tokensPerSecond;

    @Option(names = "--throttle-rate", paramLabel = "P", defaultValue = "0",
            description = "Answer this share of model calls (0..1) with ThrottlingException.")
    double throttleRate;

    @Option(names = "--error-rate", paramLabel = "P", defaultValue = "0",
            description = "Answer this share of model calls (0..1) with 500 InternalServerException.")
    double errorRate;

    @Option(names = "--fault", paramLabel = "KIND[,NAME=VALUE...]",
            description = "A fault, as in the settings file (below): stream-exception,afterEvents=3 or"
                    + " stall,afterEvents=2,ms=5000 or error,status=503,rate=0.5,model=*nova*; repeatable.")
    List<String> faults = new java.util.ArrayList<>();

    @Option(names = "--rpm", paramLabel = "N", defaultValue = "0", description = "Requests-per-minute quota per model id; 0 is none.")
    int rpm;

    @Option(names = "--tpm", paramLabel = "N", defaultValue = "0", description = "Tokens-per-minute quota per model id; 0 is none.")
    int tpm;

    @Option(names = "--guardrail", paramLabel = "ID=WORD[,WORD...]",
            description = "A word-list guardrail (version 1 and DRAFT) for ApplyGuardrail, guardrailConfig and the"
                    + " InvokeModel guardrail headers; repeatable.")
    List<String> guardrails = new java.util.ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new UserError(ExitCode.USAGE, "--port must be between 0 and 65535, was " + port, "for example --port 8000");
        }
        if (accessKeyId == null && secretAccessKey == null) {
            String envId = System.getenv("AWS_ACCESS_KEY_ID");
            String envSecret = System.getenv("AWS_SECRET_ACCESS_KEY");
            if (envId != null && !envId.isBlank() && envSecret != null && !envSecret.isBlank()) {
                accessKeyId = envId;
                secretAccessKey = envSecret;
            }
        }
        if ((accessKeyId == null) != (secretAccessKey == null)) {
            throw new UserError(ExitCode.USAGE, "--access-key-id and --secret-access-key go together",
                    "give both, or neither with --api-key or --no-auth");
        }
        if (accessKeyId == null && apiKeys.isEmpty() && !noAuth) {
            throw new UserError(ExitCode.USAGE, "the emulator needs a way to authenticate clients",
                    "give --access-key-id and --secret-access-key, --api-key KEY, or --no-auth");
        }
        Emulator.Builder builder = Emulator.builder().host(host).port(port).noAuth(noAuth);
        if (accessKeyId != null) {
            builder.credentials(accessKeyId, secretAccessKey);
        }
        apiKeys.forEach(builder::apiKey);
        configure(builder);
        Emulator emulator;
        try {
            emulator = builder.start();
        } catch (RuntimeException e) {
            if (causedByBind(e)) {
                throw new UserError(ExitCode.USAGE, "cannot listen on " + host + ":" + port + ": the address is in use",
                        "choose another port with --port, or --port 0 for a free one");
            }
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emulator::close, "emulator-stop"));
        System.out.println("Bedrock emulator listening on " + emulator.endpoint());
        System.out.println("  auth: " + authSummary());
        System.out.println("  model: " + (script != null ? "script " + script : "echo")
                + (log != null ? "; request log " + log : ""));
        System.out.println("  try:  AWS_ENDPOINT_URL_BEDROCK_RUNTIME=" + emulator.endpoint() + " basalt chat \"Hello\"");
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        new CountDownLatch(1).await();
        return ExitCode.OK;
    }

    private void configure(Emulator.Builder builder) {
        if (throttleRate < 0 || throttleRate > 1 || errorRate < 0 || errorRate > 1) {
            throw new UserError(ExitCode.USAGE, "--throttle-rate and --error-rate are shares between 0 and 1",
                    "for example --throttle-rate 0.1");
        }
        if (firstTokenMs < 0 || tokensPerSecond < 0 || rpm < 0 || tpm < 0) {
            throw new UserError(ExitCode.USAGE, "--first-token-ms, --tokens-per-second, --rpm and --tpm must not be negative",
                    "use 0 for none");
        }
        if (config != null) {
            requireFile(config, "--config");
            try {
                builder.settingsFile(config);
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new UserError(ExitCode.USAGE, e.getMessage(), "see basalt emulator --help for the settings file's shape");
            }
        }
        if (script != null) {
            requireFile(script, "--script");
            try {
                builder.model(ScriptedModel.fromFile(script));
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new UserError(ExitCode.USAGE, e.getMessage(), "see basalt emulator --help for the script's shape");
            }
        }
        if (firstTokenMs > 0 || tokensPerSecond > 0) {
            builder.pace(new Pace(Duration.ofMillis(firstTokenMs), tokensPerSecond));
        }
        if (throttleRate > 0) {
            builder.fault(new FaultRule(new Fault.Throttle(), throttleRate, "*"));
        }
        if (errorRate > 0) {
            builder.fault(new FaultRule(new Fault.Error(500, "InternalServerException",
                    "The server encountered an internal error."), errorRate, "*"));
        }
        for (String spec : faults) {
            try {
                builder.fault(spec);
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.USAGE, "--fault " + spec + ": " + e.getMessage(),
                        "for example --fault stream-exception,afterEvents=3 (basalt emulator --help lists the kinds)");
            }
        }
        if (rpm > 0 || tpm > 0) {
            builder.quota(new Quota("*", rpm, tpm));
        }
        for (String spec : guardrails) {
            int eq = spec.indexOf('=');
            if (eq < 1 || eq == spec.length() - 1) {
                throw new UserError(ExitCode.USAGE, "--guardrail takes ID=WORD[,WORD...], not '" + spec + "'",
                        "for example --guardrail gr-demo=password,secret");
            }
            List<String> words = List.of(spec.substring(eq + 1).split(","));
            builder.guardrail(new Guardrail(spec.substring(0, eq), "1", words));
            builder.guardrail(new Guardrail(spec.substring(0, eq), "DRAFT", words));
        }
        if (log != null) {
            builder.requestLog(log);
        }
        if (region != null) {
            builder.region(region);
        }
    }

    private static void requireFile(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new UserError(ExitCode.USAGE, option + " " + file + ": no such file", "check the path");
        }
    }

    private String authSummary() {
        StringBuilder summary = new StringBuilder();
        if (accessKeyId != null) {
            summary.append("SigV4 with access key id ").append(accessKeyId);
        }
        if (!apiKeys.isEmpty()) {
            summary.append(summary.length() > 0 ? "; " : "").append(apiKeys.size()).append(" Bedrock API key(s)");
        }
        if (noAuth) {
            summary.append(summary.length() > 0 ? "; " : "").append("unauthenticated requests accepted");
        }
        return summary.toString();
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
