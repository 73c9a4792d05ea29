package dev.basalt.emulator.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.FaultRule;
import dev.basalt.emulator.Guardrail;
import dev.basalt.emulator.Pace;
import dev.basalt.emulator.Quota;
import dev.basalt.emulator.RecordedCall;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What every connection of one emulator shares and what may change while it runs: the fault
 * rules, quotas, pace and guardrails in force, the recorded calls and the request log. Changed by
 * the Java API and the admin API; read by every request.
 */
public final class EmulatorState implements AutoCloseable {

    final EmulatorConfig config;
    final ObjectMapper json;
    final EmulatorCatalog catalog;
    final Families families;
    final FaultBoard faults;
    final QuotaBook quotas;
    private final CallLog calls;
    private final RequestLog requestLog;
    private static final int STREAMS_KEPT = 1_000;
    private final java.util.ArrayDeque<StreamTiming> streams = new java.util.ArrayDeque<>();
    private volatile Pace pace;
    private volatile List<Guardrail> guardrails;

    public EmulatorState(EmulatorConfig config, CallLog calls, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.calls = calls;
        this.catalog = EmulatorCatalog.load(json);
        this.families = new Families(json);
        this.faults = new FaultBoard(config.faults());
        this.quotas = new QuotaBook(config.quotas(), config.clock());
        this.pace = config.pace();
        this.guardrails = config.guardrails();
        this.requestLog = config.requestLog() == null ? null : RequestLog.open(json, config.requestLog());
    }

    public void faults(List<FaultRule> rules) {
        faults.replace(rules);
    }

    public void quotas(List<Quota> next) {
        quotas.replace(next);
    }

    public void pace(Pace next) {
        pace = Objects.requireNonNull(next, "pace");
    }

    public void guardrails(List<Guardrail> next) {
        guardrails = List.copyOf(next);
    }

    Pace pace() {
        return pace;
    }

    List<Guardrail> guardrails() {
        return guardrails;
    }

    Optional<Guardrail> guardrail(String id, String version) {
        return guardrails.stream().filter(g -> g.id().equals(id)
                && (version == null || version.isEmpty() || g.version().equals(version))).findFirst();
    }

    /** A new stream's timing, kept with the last {@value #STREAMS_KEPT} for the admin API. */
    StreamTiming streamStarted(String path, String modelId) {
        StreamTiming timing = new StreamTiming(path, modelId);
        synchronized (streams) {
            if (streams.size() == STREAMS_KEPT) {
                streams.removeFirst();
            }
            streams.addLast(timing);
        }
        return timing;
    }

    List<StreamTiming> streams() {
        synchronized (streams) {
            return List.copyOf(streams);
        }
    }

    void record(RecordedCall call, Outcome outcome) {
        remember(call);
        log(call, outcome);
    }

    /** Keeps a call for the API and the admin API; a stream is remembered before it is sent. */
    void remember(RecordedCall call) {
        calls.add(call);
    }

    /** Writes a call's line to the request log, if there is one; a stream's once it has ended. */
    void log(RecordedCall call, Outcome outcome) {
        if (requestLog != null) {
            requestLog.write(call, outcome);
        }
    }

    void clearCalls() {
        calls.clear();
    }

    List<RecordedCall> calls() {
        return calls.snapshot();
    }

    @Override
    public void close() {
        if (requestLog != null) {
            requestLog.close();
        }
    }
}
