package dev.basalt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `basalt config get|set|unset|list`. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Read and change settings: ~/.basalt/settings.json (user) or ./.basalt/settings.json (--project).",
                "Precedence: flag > environment > project > user > default.",
                "A project's mcp.servers, tools.*, endpoint, profile, bedrock.apiKey, chat.maxCost and pricing.*",
                "apply once you trust the project (chat asks on a terminal; or basalt config trust-project).",
                "mcp.servers, mcp.servers.<name> and pricing.<model> take JSON, e.g.",
                "  basalt config set mcp.servers.files '{\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-filesystem\", \".\"]}'",
                "  basalt config set pricing.sonnet '{\"input\": 3, \"output\": 15, \"cacheRead\": 0.3, \"cacheWrite\": 3.75}'"},
        subcommands = {Config.Get.class, Config.Set.class, Config.Unset.class, Config.ListSettings.class, Config.TrustProject.class})
final class Config implements Runnable {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Settings.Source source(boolean project) {
        return project ? Settings.Source.PROJECT : Settings.Source.USER;
    }

    /**
     * The user's own change to the project file is trusted, as they wrote it; but not when the file
     * already held entries they had not trusted, which the change must not approve in passing.
     */
    static void keepTrust(Settings settings, boolean project, boolean trustedBefore, PrintWriter err) {
        if (!project) {
            return;
        }
        if (trustedBefore) {
            settings.untrustedProject().ifPresent(trust -> settings.recordTrust(trust, true));
        } else {
            ProjectTrust.settle(settings, false, err::println);
        }
    }

    @Command(name = "trust-project", description = {"Trust the working directory's .basalt/settings.json as it now is:",
            "its MCP servers, trusted tools, directories, endpoint, profile, API key and prices apply",
            "(until the file changes). --revoke takes the trust back."})
    static final class TrustProject implements Callable<Integer> {
        @Option(names = "--revoke", description = "Ignore those entries again.")
        boolean revoke;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = Settings.standard();
            ProjectTrust project = settings.project();
            PrintWriter out = spec.commandLine().getOut();
            if (project.entries().isEmpty()) {
                out.println("nothing in " + settings.file(Settings.Source.PROJECT) + " needs trust");
                return ExitCode.OK;
            }
            settings.recordTrust(project, !revoke);
            out.println((revoke ? "No longer trusted: " : "Trusted ") + project.dir() + (revoke ? "" : "; its settings may:"));
            if (!revoke) {
                project.wants().forEach(line -> out.println("  " + line));
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "get", description = "Print a setting's value.")
    static final class Get implements Callable<Integer> {
        @Parameters(paramLabel = "KEY")
        String key;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Settings.requireKnown(key);
            Settings settings = Settings.standard();
            ProjectTrust.settle(settings, false, spec.commandLine().getErr()::println);
            var value = settings.get(key);
            if (value.isEmpty()) {
                spec.commandLine().getErr().println("basalt: " + key + " is not set (set it with basalt config set " + key + " VALUE)");
                return ExitCode.MODEL_ERROR;
            }
            spec.commandLine().getOut().println(value.get().value());
            return ExitCode.OK;
        }
    }

    @Command(name = "set", description = "Set a setting.")
    static final class Set implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "KEY")
        String key;

        @Parameters(index = "1", paramLabel = "VALUE")
        String value;

        @Option(names = "--project", description = "Write ./.basalt/settings.json instead of the user settings.")
        boolean project;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = Settings.standard();
            boolean trustedBefore = settings.untrustedProject().isEmpty();
            settings.set(source(project), key, value);
            spec.commandLine().getOut().println(key + " = " + value + "  (" + settings.file(source(project)) + ")");
            SettingChecks.doubt(key, value).ifPresent(doubt -> spec.commandLine().getErr().println("basalt: " + doubt));
            keepTrust(settings, project, trustedBefore, spec.commandLine().getErr());
            return ExitCode.OK;
        }
    }

    @Command(name = "unset", description = "Remove a setting.")
    static final class Unset implements Callable<Integer> {
        @Parameters(paramLabel = "KEY")
        String key;

        @Option(names = "--project", description = "Change ./.basalt/settings.json instead of the user settings.")
        boolean project;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = Settings.standard();
            boolean trustedBefore = settings.untrustedProject().isEmpty();
            boolean had = settings.unset(source(project), key);
            spec.commandLine().getOut().println(had ? "unset " + key : key + " was not set there");
            keepTrust(settings, project, trustedBefore, spec.commandLine().getErr());
            return ExitCode.OK;
        }
    }

    @Command(name = "list", description = "Every setting, its value and where it comes from.")
    static final class ListSettings implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Settings settings = Settings.standard();
            ProjectTrust.settle(settings, false, spec.commandLine().getErr()::println);
            List<Row> rows = new java.util.ArrayList<>();
            for (Map.Entry<String, String> key : Settings.KEYS.entrySet()) {
                if (key.getKey().equals(Settings.PRICING + "<model>")) {
                    // one line per model priced, or the key's pattern when none is
                    List<String> priced = settings.keysStartingWith(Settings.PRICING);
                    for (String model : priced) {
                        rows.add(Row.of(model, settings.get(model), key.getValue()));
                    }
                    if (!priced.isEmpty()) {
                        continue;
                    }
                }
                var value = settings.get(key.getKey());
                if (key.getKey().equals(Settings.MCP_SERVERS)) {
                    value = value.map(ListSettings::withoutEnvValues);
                }
                if (key.getKey().equals(Settings.API_KEY)) {
                    // a secret: a listing says it is set, `config get` shows it
                    value = value.map(v -> new Settings.Value(Settings.masked(v.value()),
                            v.source()));
                }
                rows.add(Row.of(key.getKey(), value, key.getValue()));
            }
            // the columns as wide as their widest entry (a long value, JSON say, only pushes its own line)
            int keys = rows.stream().mapToInt(r -> r.key().length()).max().orElse(0);
            int values = Math.min(VALUE_COLUMN, rows.stream().mapToInt(r -> r.value().length()).max().orElse(0));
            PrintWriter out = spec.commandLine().getOut();
            rows.forEach(r -> out.printf("%-" + keys + "s  %-" + values + "s  %s%n", r.key(), r.value(), r.meaning()));
            return ExitCode.OK;
        }

        /** The widest the value column grows to fit its values. */
        private static final int VALUE_COLUMN = 40;

        /** A line of the listing: the setting, its value and where it comes from (or -), what it means. */
        private record Row(String key, String value, String meaning) {
            static Row of(String key, java.util.Optional<Settings.Value> value, String meaning) {
                return new Row(key, value.map(v -> v.value() + " (" + v.source().name().toLowerCase(java.util.Locale.ROOT) + ")")
                        .orElse("-"), meaning);
            }
        }

        /**
         * Servers' env and headers often hold tokens: a listing shows their names only (`config get` shows all).
         */
        private static Settings.Value withoutEnvValues(Settings.Value servers) {
            try {
                JsonNode json = new ObjectMapper().readTree(servers.value());
                for (JsonNode server : json) {
                    for (String secrets : List.of("env", "headers")) {
                        if (server.get(secrets) instanceof ObjectNode values) {
                            values.properties().forEach(value -> value.setValue(values.textNode("…")));
                        }
                    }
                }
                return new Settings.Value(json.toString(), servers.source());
            } catch (IOException e) {
                return servers;
            }
        }
    }
}
