package dev.basalt.cli;

import dev.basalt.emulator.Emulator;
import java.net.BindException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `basalt emulator`: a local Bedrock endpoint in the foreground until Ctrl-C. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {"Run a local Amazon Bedrock runtime endpoint (Converse and ConverseStream, SigV4 verified,",
                "HTTP/1.1 and HTTP/2 cleartext on one port) with an echo model. Stops on Ctrl-C."},
        footer = {"", "Keys default to AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when both are set, so clients in",
                "the same shell sign with keys the emulator accepts.", "",
                "Examples:",
                "  basalt emulator --port 8000 --access-key-id AKIDEXAMPLE --secret-access-key secret",
                "  basalt emulator --no-auth",
                "  AWS_ENDPOINT_URL_BEDROCK_RUNTIME=http://127.0.0.1:8000 basalt chat \"Hello\""})
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
        System.out.println("  try:  AWS_ENDPOINT_URL_BEDROCK_RUNTIME=" + emulator.endpoint() + " basalt chat \"Hello\"");
        System.out.println("Press Ctrl-C to stop.");
        System.out.flush();
        new CountDownLatch(1).await();
        return ExitCode.OK;
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
