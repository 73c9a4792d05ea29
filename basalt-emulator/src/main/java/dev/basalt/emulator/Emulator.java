package dev.basalt.emulator;

import dev.basalt.emulator.internal.CallLog;
import dev.basalt.emulator.internal.EmulatorConfig;
import dev.basalt.emulator.internal.EmulatorServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.internal.SettingsReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A local Amazon Bedrock runtime endpoint that unmodified Bedrock clients accept.
 *
 * <p>One port serves HTTP/1.1 and HTTP/2 cleartext with prior knowledge (what the AWS SDK for
 * JavaScript and the AWS SDK for Java's async client speak). Requests are authenticated as AWS's
 * front door would: SigV4 against the configured key pairs, Bedrock API keys as
 * {@code Authorization: Bearer}, or nothing at all when {@link Builder#noAuth(boolean)} is set.
 * The runtime operations (Converse, ConverseStream, InvokeModel and InvokeModelWithResponseStream
 * in each family's body format, CountTokens, ApplyGuardrail) and the control plane's model and
 * inference-profile reads are answered in Bedrock's exact shapes, with what a {@link ModelBehaviour}
 * decides; faults, quotas and a pace can be set at start and changed while it runs.
 *
 * <pre>{@code
 * try (Emulator emulator = Emulator.builder().credentials("AKIDEXAMPLE", "secret").start()) {
 *     client.endpointOverride(emulator.endpoint());
 *     ...
 *     assertThat(emulator.recordedCalls()).last().extracting(RecordedCall::modelId).isEqualTo(id);
 * }
 * }</pre>
 */
public final class Emulator implements AutoCloseable {

    private final EmulatorServer server;
    private final CallLog calls;

    private Emulator(EmulatorServer server, CallLog calls) {
        this.server = server;
        this.calls = calls;
    }

    /** A builder for an emulator on 127.0.0.1, a free port, answering with {@link EchoModel}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The base URL clients use as their endpoint override, e.g. {@code http://127.0.0.1:54321}. */
    public URI endpoint() {
        return server.endpoint();
    }

    /** The port the emulator listens on (the bound one when {@code port(0)} was asked). */
    public int port() {
        return server.port();
    }

    /** Replaces the fault rules in force (none at start unless the builder set some). */
    public Emulator faults(List<FaultRule> rules) {
        server.state().faults(rules);
        return this;
    }

    /** Replaces the quotas in force; counting starts afresh. */
    public Emulator quotas(List<Quota> quotas) {
        server.state().quotas(quotas);
        return this;
    }

    /** Changes how fast streams are sent from the next request on. */
    public Emulator pace(Pace pace) {
        server.state().pace(pace);
        return this;
    }

    /** Every request answered so far, oldest first. A snapshot: later calls do not change it. */
    public List<RecordedCall> recordedCalls() {
        return calls.snapshot();
    }

    /**
     * Stops listening and closes open connections. Returns promptly (it does not wait out Netty's
     * graceful quiet period); calling it again does nothing.
     */
    @Override
    public void close() {
        server.close();
    }

    @Override
    public String toString() {
        return "Emulator[" + endpoint() + "]";
    }

    /** Configures and starts an {@link Emulator}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private final Map<String, String> secretsByKeyId = new LinkedHashMap<>();
        private final Set<String> apiKeys = new LinkedHashSet<>();
        private boolean noAuth;
        private ModelBehaviour model = new EchoModel();
        private Clock clock = Clock.systemUTC();
        private Pace pace = Pace.UNLIMITED;
        private final List<FaultRule> faults = new ArrayList<>();
        private final List<Quota> quotas = new ArrayList<>();
        private final List<Guardrail> guardrails = new ArrayList<>();
        private Path requestLog;
        private String region;

        private Builder() {
        }

        /** The address to bind; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to bind; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + port);
            }
            this.port = port;
            return this;
        }

        /** Accepts SigV4 requests signed with this key pair. Repeatable; a repeated key id replaces its secret. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            secretsByKeyId.put(requireText(accessKeyId, "accessKeyId"), requireText(secretAccessKey, "secretAccessKey"));
            return this;
        }

        /** Accepts requests carrying {@code Authorization: Bearer <apiKey>}. Repeatable. */
        public Builder apiKey(String apiKey) {
            apiKeys.add(requireText(apiKey, "apiKey"));
            return this;
        }

        /**
         * Turns authentication off: every request is accepted whatever Authorization it carries,
         * including none (what "skip auth" modes of clients send).
         */
        public Builder noAuth(boolean noAuth) {
            this.noAuth = noAuth;
            return this;
        }

        /** What the model answers; default {@link EchoModel}. */
        public Builder model(ModelBehaviour model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        /** The clock SigV4's five-minute date window is checked against; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How fast streams are sent; default {@link Pace#UNLIMITED}. */
        public Builder pace(Pace pace) {
            this.pace = Objects.requireNonNull(pace, "pace");
            return this;
        }

        /** Adds a fault rule; the first matching rule whose rate hits applies to a request. */
        public Builder fault(FaultRule rule) {
            faults.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * Adds a fault written as on the command line, {@code KIND[,NAME=VALUE...]} with the members of
         * a settings file's fault: {@code stream-exception,afterEvents=3}, {@code stall,ms=2000,times=1}.
         *
         * @throws IllegalArgumentException naming what is wrong
         */
        public Builder fault(String spec) {
            return fault(new SettingsReader(new ObjectMapper()).fault(spec));
        }

        /** Adds a quota; the first matching quota applies to a model id. */
        public Builder quota(Quota quota) {
            quotas.add(Objects.requireNonNull(quota, "quota"));
            return this;
        }

        /** Adds a word-list guardrail for ApplyGuardrail, Converse's guardrailConfig and InvokeModel's guardrail headers. */
        public Builder guardrail(Guardrail guardrail) {
            guardrails.add(Objects.requireNonNull(guardrail, "guardrail"));
            return this;
        }

        /**
         * Serves one region only, as a regional endpoint does: a request signed for another region
         * is refused with AWS's 403 "Credential should be scoped to a valid region". Default: any.
         */
        public Builder region(String region) {
            this.region = requireText(region, "region");
            return this;
        }

        /** Appends one JSON line per call to {@code file} (created if missing). */
        public Builder requestLog(Path file) {
            this.requestLog = Objects.requireNonNull(file, "file");
            return this;
        }

        /**
         * Reads faults, quotas, pace and guardrails from a JSON settings file (the shape the admin
         * API uses; see {@code basalt emulator --help}). Sections it has are added to or replace
         * what was set before.
         *
         * @throws IllegalArgumentException naming the file and what is wrong with it
         */
        public Builder settingsFile(Path file) {
            SettingsReader.Settings settings;
            try {
                ObjectMapper json = new ObjectMapper();
                settings = new SettingsReader(json).read(json.readTree(Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read emulator settings " + file + ": " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Emulator settings " + file + ": " + e.getMessage(), e);
            }
            if (settings.faults() != null) {
                faults.addAll(settings.faults());
            }
            if (settings.quotas() != null) {
                quotas.addAll(settings.quotas());
            }
            if (settings.pace() != null) {
                pace = settings.pace();
            }
            if (settings.guardrails() != null) {
                guardrails.addAll(settings.guardrails());
            }
            return this;
        }

        /**
         * Binds and returns a running emulator.
         *
         * @throws IllegalStateException when no credentials, no API key and no {@code noAuth(true)}
         *     were given (every request would be refused)
         * @throws java.io.UncheckedIOException when the address cannot be bound, e.g. the port is
         *     taken (the cause is the {@link java.net.BindException}; the message names host and port)
         */
        public Emulator start() {
            if (!noAuth && secretsByKeyId.isEmpty() && apiKeys.isEmpty()) {
                throw new IllegalStateException(
                        "The emulator would refuse every request: give credentials(), apiKey() or noAuth(true)");
            }
            CallLog calls = new CallLog();
            EmulatorConfig config = new EmulatorConfig(host, port, secretsByKeyId, apiKeys, noAuth, model, clock, pace,
                    faults, quotas, guardrails, requestLog, region);
            return new Emulator(EmulatorServer.start(config, calls), calls);
        }

        private static String requireText(String value, String name) {
            Objects.requireNonNull(value, name);
            if (value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be blank");
            }
            return value;
        }
    }
}
