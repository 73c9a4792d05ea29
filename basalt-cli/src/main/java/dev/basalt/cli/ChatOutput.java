package dev.basalt.cli;

import dev.basalt.agent.Agent;
import dev.basalt.agent.AgentListener;
import dev.basalt.core.Content;
import dev.basalt.core.Guardrail;
import dev.basalt.core.Pricing;
import dev.basalt.core.StopReason;
import dev.basalt.core.StreamEvent;
import java.util.Collections;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a turn is shown: {@code text} streams the answer to stdout and tool activity to stderr;
 * {@code json} prints one object at the end; {@code stream-json} one object per event.
 */
final class ChatOutput implements AgentListener {

    enum Format { TEXT, JSON, STREAM_JSON }

    private final Format format;
    private final PrintStream out;
    private final PrintStream err;
    private final StreamPrinter printer;
    private final Spinner spinner;
    private final java.util.List<Map<String, Object>> toolCalls = new java.util.ArrayList<>();
    private Guardrail guardrail;
    /** What the turn's model calls used so far, the calls before a failure included. */
    private dev.basalt.core.Usage used = dev.basalt.core.Usage.ZERO;

    ChatOutput(Format format, PrintStream out, PrintStream err) {
        this(format, out, err, false);
    }

    ChatOutput(Format format, PrintStream out, PrintStream err, boolean showReasoning) {
        this.format = format;
        this.out = out;
        this.err = err;
        this.printer = new StreamPrinter(out, format == Format.TEXT && TerminalCheck.colour(), showReasoning);
        this.spinner = new Spinner(err);
        if (format == Format.TEXT) {
            spinner.start();
        }
    }

    /** The guardrail the requests carry, or null: named when it intervenes, its trace shown when it asks for one. */
    ChatOutput guardrail(Guardrail rail) {
        this.guardrail = rail;
        return this;
    }

    @Override
    public void onEvent(StreamEvent event) {
        if (!(event instanceof StreamEvent.MessageStart)) {
            spinner.stop();
        }
        switch (format) {
            case TEXT -> {
                printer.onEvent(event);
                if (event instanceof StreamEvent.Metadata m && m.guardrailTrace() != null && guardrail != null && guardrail.trace()) {
                    printer.breakLine();
                    err.println("basalt: guardrail trace: " + m.guardrailTrace());
                    err.flush();
                }
            }
            case STREAM_JSON -> line(JsonLine.event(event));
            case JSON -> { }
        }
    }

    @Override
    public synchronized void toolStarted(Content.ToolUse call, String description) {
        spinner.stop();
        if (format == Format.TEXT) {
            printer.breakLine();
            err.println("● " + description);
            err.flush();
        } else if (format == Format.STREAM_JSON) {
            line(JsonLine.object("type", "tool_start", "id", call.id(), "name", call.name(), "input", JsonLine.rawIfJson(call.inputJson()),
                    "description", description));
        }
    }

    /** Synchronized: read-only calls run in parallel, and each ends here on its own thread. */
    @Override
    public synchronized void toolFinished(Content.ToolUse call, Outcome outcome, String result) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("id", call.id());
        summary.put("name", call.name());
        summary.put("input", JsonLine.rawIfJson(call.inputJson()));
        summary.put("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT));
        switch (outcome) {
            case OK -> summary.put("summary", summaryOf(result));
            case ERROR -> summary.put("error", result);
            case REFUSED -> summary.put("reason", result);
        }
        toolCalls.add(summary);
        if (format == Format.TEXT) {
            if (outcome != Outcome.OK) {
                err.println("  ✗ " + firstLine(result));
            }
            err.flush();
            spinner.start(); // the model is called again with the results
        } else if (format == Format.STREAM_JSON) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("type", "tool_end");
            event.putAll(summary);
            event.put("result", result);
            line(JsonLine.object(event));
        }
    }

    /** A tool's output in a line for a script's log: its first line, cut at 200 characters, and how many lines there were. */
    static String summaryOf(String result) {
        String first = firstLine(result);
        String shown = first.length() > 200 ? first.substring(0, 200) + "…" : first;
        long lines = result.lines().count();
        return lines > 1 ? shown + " (" + lines + " lines)" : shown;
    }

    @Override
    public synchronized void used(dev.basalt.core.Usage usage) {
        used = used.plus(usage);
    }

    /** What the turn's finished model calls used, whether or not the turn itself finished. */
    synchronized dev.basalt.core.Usage used() {
        return used;
    }

    /** {@code usage} as the JSON outputs write it, in the result object and in the error object of a failed turn. */
    static Map<String, Object> usageObject(dev.basalt.core.Usage usage) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("input_tokens", usage.inputTokens());
        object.put("output_tokens", usage.outputTokens());
        object.put("cache_read_tokens", usage.cacheReadTokens());
        object.put("cache_write_tokens", usage.cacheWriteTokens());
        return object;
    }

    /** The cost of {@code usage} in USD, rounded to a millionth of a dollar; null without prices. */
    static Double costUsd(Pricing pricing, dev.basalt.core.Usage usage) {
        return pricing == null ? null : Math.round(pricing.cost(usage) * 1e6) / 1e6;
    }

    /** Stops the spinner when the turn fails, so the error line starts clean. */
    void abort() {
        spinner.stop();
    }

    @Override
    public void display(String text) {
        if (format == Format.TEXT) {
            err.print(text.endsWith("\n") ? text : text + "\n");
            err.flush();
        }
    }

    /** @param budget the turn's cost limit, or null; named in the line that says the turn stopped at it */
    void finish(Agent.TurnResult result, String conversationId, Pricing pricing, Agent.Budget budget) {
        spinner.stop();
        switch (format) {
            case TEXT -> {
                printer.finish();
                if (result.ending() == Agent.Ending.ITERATION_CAP) {
                    err.println("basalt: stopped after " + result.modelCalls()
                            + " model calls (the iteration cap; raise it with --max-iterations)");
                } else if (result.lastResponse() != null
                        && result.lastResponse().stopReason() == StopReason.GUARDRAIL_INTERVENED) {
                    err.println("basalt: " + (guardrail == null ? "a guardrail" : "guardrail " + GuardrailSpec.describe(guardrail))
                            + " intervened: the answer above is its message, not the model's (stop reason guardrail_intervened"
                            + (guardrail != null && !guardrail.trace() ? "; --guardrail-trace shows what it assessed)" : ")"));
                } else if (result.ending() == Agent.Ending.BUDGET && budget != null) {
                    err.println(String.format(java.util.Locale.ROOT,
                            "basalt: stopped: cost budget $%s reached ($%.4f this turn, %d model calls); raise --max-cost",
                            usd(budget.maxUsd()), budget.pricing().cost(result.usage()), result.modelCalls()));
                }
            }
            case JSON, STREAM_JSON -> {
                java.util.List<Object> fields = new java.util.ArrayList<>(java.util.List.of("type", "result",
                        "text", result.lastResponse() == null ? "" : result.lastResponse().text()));
                java.util.Collections.addAll(fields,
                        "stop_reason", result.lastResponse() == null ? null : result.lastResponse().stopReason().wireName(),
                        "ending", result.ending().name().toLowerCase(java.util.Locale.ROOT),
                        "model", result.lastResponse() == null ? null : result.lastResponse().modelId(),
                        "region", result.lastResponse() == null ? null : result.lastResponse().region(),
                        "model_calls", result.modelCalls(),
                        "tool_calls", toolCalls,
                        "usage", usageObject(result.usage()),
                        "cost_usd", costUsd(pricing, result.usage()),
                        "conversation_id", conversationId);
                if (guardrail != null && guardrail.trace()) {
                    String trace = result.lastResponse() == null ? null : result.lastResponse().guardrailTrace();
                    Collections.addAll(fields, "guardrail_trace", trace == null ? null : new JsonLine.Raw(trace));
                }
                line(JsonLine.object(fields.toArray()));
            }
        }
    }

    /** 0.5 as "0.50", 0.125 as "0.125": how a person writes an amount of USD. */
    static String usd(double amount) {
        String text = java.math.BigDecimal.valueOf(amount).stripTrailingZeros().toPlainString();
        int dot = text.indexOf('.');
        return dot < 0 ? text + ".00" : text.length() - dot == 2 ? text + "0" : text;
    }

    private void line(String json) {
        out.println(json);
        out.flush();
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
