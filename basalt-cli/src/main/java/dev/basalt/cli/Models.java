package dev.basalt.cli;

import dev.basalt.bedrock.BedrockAccount;
import dev.basalt.bedrock.CatalogModel;
import dev.basalt.bedrock.ModelCatalog;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `basalt models`: the catalog Basalt knows, or with --live what the account can use in its region. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the models Basalt knows: context window, output limit, on-demand prices (USD per million "
                + "tokens, cache reads and writes too), then every alias, what the model can do (tools, vision, documents, "
                + "reasoning, caching, embeddings) and its inference profiles.",
                "With --live, ask Bedrock what the account can use in the region (ListFoundationModels and "
                + "ListInferenceProfiles): each model with how it may be invoked, and the inference profiles."},
        footer = {"", "Examples:", "  basalt models", "  basalt models --output json",
                "  basalt models --live --region eu-west-1", "  basalt models --live --local"})
final class Models implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Option(names = "--live", description = "List what the account can use in the region, from Bedrock itself.")
    boolean live;

    @Option(names = "--local", description = "With --live: ask the built-in emulator (no AWS account needed).")
    boolean local;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default: a table, 100 columns wide) or json (one object, every field).")
    String output;

    /** The table fits a 100-column terminal: what does not fit the first line of a model goes below it. */
    static final int WIDTH = 100;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        boolean json = Embed.jsonOutput(output);
        if (!live) {
            if (local) {
                throw new UserError(ExitCode.USAGE, "--local goes with --live", "basalt models --live --local");
            }
            out.println(json ? catalogJson(ModelCatalog.bundled().models()) : catalogTable(ModelCatalog.bundled().models()));
            out.flush();
            return ExitCode.OK;
        }
        try (BedrockTarget target = BedrockTarget.of(aws, local, Settings.standard())) {
            if (local) {
                target.startLocal(spec.commandLine().getErr(), "its own model catalog");
            }
            try (BedrockAccount account = target.account()) {
                if (json) {
                    out.println(liveJson(account.region(), account.models(), account.profiles()));
                } else {
                    live(out, account);
                }
            }
        }
        return ExitCode.OK;
    }

    private static void live(PrintWriter out, BedrockAccount account) {
        List<BedrockAccount.LiveModel> models = account.models();
        List<BedrockAccount.LiveProfile> profiles = account.profiles();
        out.printf("Models in %s (%d):%n", account.region(), models.size());
        out.printf("  %-48s %-16s %s%n", "MODEL ID", "PROVIDER", "INVOCATION");
        for (BedrockAccount.LiveModel m : models) {
            out.printf("  %-48s %-16s %s%n", m.modelId(), m.provider(), invocation(m.inferenceTypes()));
        }
        out.println();
        out.printf("Inference profiles in %s (%d):%n", account.region(), profiles.size());
        Map<String, String> sorted = new TreeMap<>();
        profiles.forEach(p -> sorted.put(p.profileId(), p.status()));
        sorted.forEach((id, status) -> out.printf("  %-60s %s%n", id, status));
        out.println();
        out.println("A model listed as \"profile only\" is called through one of these ids; `basalt chat --model` picks it.");
    }

    private static String invocation(List<String> types) {
        boolean onDemand = types.contains("ON_DEMAND");
        boolean profile = types.contains("INFERENCE_PROFILE");
        return onDemand && profile ? "on demand, profiles" : onDemand ? "on demand" : profile ? "profile only"
                : String.join(",", types).toLowerCase(Locale.ROOT);
    }

    /** A line of limits and prices per model, with its name, aliases, capabilities and profiles below it. */
    static String catalogTable(List<CatalogModel> models) {
        int idWidth = Math.max("MODEL ID".length(), models.stream().mapToInt(m -> m.id().length()).max().orElse(0));
        String row = "%-" + idWidth + "s %9s %7s %7s %8s %8s %8s";
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, row, "MODEL ID", "CONTEXT", "OUTPUT", "IN $/M", "OUT $/M",
                "CACHE R", "CACHE W").stripTrailing());
        for (CatalogModel m : models) {
            boolean caching = m.supports("caching");
            out.append('\n').append(String.format(Locale.ROOT, row, m.id(), m.contextWindow(), m.maxOutput() == 0 ? "-" : m.maxOutput(),
                    price(m.pricing().input()), price(m.pricing().output()), caching ? price(m.pricing().cacheRead()) : "-",
                    caching ? price(m.pricing().cacheWrite()) : "-"));
            List<String> details = new ArrayList<>();
            details.add(m.name());
            if (!m.aliases().isEmpty()) {
                details.add("aliases: " + String.join(", ", m.aliases()));
            }
            details.add(m.capabilities().isEmpty() ? "text only" : String.join(", ", m.capabilities()));
            details.add(m.profiles().isEmpty() ? "no profiles"
                    : "profiles: " + String.join(", ", m.profiles()) + (m.profileRequired() ? " (required)" : ""));
            out.append(wrapped(details, "    ", " · "));
        }
        out.append("\n\nUse an alias or id with --model; custom:<region>:<id> pins a region. Prices: USD per million")
                .append("\ntokens in us-east-1; check the Bedrock pricing page. `basalt models --live` asks Bedrock what")
                .append("\nyour account can use; `basalt models --output json` gives every field.");
        return out.toString();
    }

    /** Items joined by {@code separator} on lines that start with {@code indent} and stay within {@link #WIDTH}. */
    private static String wrapped(List<String> items, String indent, String separator) {
        StringBuilder out = new StringBuilder();
        StringBuilder line = new StringBuilder();
        for (String item : items) {
            if (line.length() > 0 && indent.length() + line.length() + separator.length() + item.length() > WIDTH) {
                out.append('\n').append(indent).append(line);
                line.setLength(0);
            }
            line.append(line.length() > 0 ? separator : "").append(item);
        }
        return out.append('\n').append(indent).append(line).toString();
    }

    /** 0.00875 stays 0.00875 and 3 is 3.00: the catalog's prices as written, at least to the cent. */
    private static String price(double usd) {
        BigDecimal value = BigDecimal.valueOf(usd).stripTrailingZeros();
        return value.scale() < 2 ? value.setScale(2).toPlainString() : value.toPlainString();
    }

    static String catalogJson(List<CatalogModel> models) {
        List<Object> entries = new ArrayList<>();
        for (CatalogModel m : models) {
            Map<String, Object> prices = new LinkedHashMap<>();
            prices.put("input", m.pricing().input());
            prices.put("output", m.pricing().output());
            prices.put("cache_read", m.supports("caching") ? m.pricing().cacheRead() : null);
            prices.put("cache_write", m.supports("caching") ? m.pricing().cacheWrite() : null);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", m.id());
            entry.put("name", m.name());
            entry.put("family", m.family());
            entry.put("aliases", m.aliases());
            entry.put("context_window", m.contextWindow());
            entry.put("max_output", m.maxOutput());
            entry.put("capabilities", m.capabilities());
            entry.put("prices_usd_per_million", prices);
            entry.put("profiles", m.profiles());
            entry.put("profile_required", m.profileRequired());
            entries.add(entry);
        }
        return JsonLine.object("models", entries);
    }

    private static String liveJson(String region, List<BedrockAccount.LiveModel> models, List<BedrockAccount.LiveProfile> profiles) {
        List<Object> modelEntries = new ArrayList<>();
        for (BedrockAccount.LiveModel m : models) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", m.modelId());
            entry.put("name", m.name());
            entry.put("provider", m.provider());
            entry.put("inference_types", m.inferenceTypes());
            modelEntries.add(entry);
        }
        List<Object> profileEntries = new ArrayList<>();
        for (BedrockAccount.LiveProfile p : profiles) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", p.profileId());
            entry.put("name", p.name());
            entry.put("status", p.status());
            profileEntries.add(entry);
        }
        return JsonLine.object("region", region, "models", modelEntries, "profiles", profileEntries);
    }
}
