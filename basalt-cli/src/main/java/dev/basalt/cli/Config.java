package dev.basalt.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** `basalt config get|set|unset|list`. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Read and change settings: ~/.basalt/settings.json (user) or ./.basalt/settings.json (--project).",
                "Precedence: flag > environment > project > user > default."},
        subcommands = {Config.Get.class, Config.Set.class, Config.Unset.class, Config.ListSettings.class})
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

    @Command(name = "get", description = "Print a setting's value.")
    static final class Get implements Callable<Integer> {
        @Parameters(paramLabel = "KEY")
        String key;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Settings.requireKnown(key);
            var value = Settings.standard().get(key);
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
            settings.set(source(project), key, value);
            spec.commandLine().getOut().println(key + " = " + value + "  (" + settings.file(source(project)) + ")");
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
            boolean had = Settings.standard().unset(source(project), key);
            spec.commandLine().getOut().println(had ? "unset " + key : key + " was not set there");
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
            PrintWriter out = spec.commandLine().getOut();
            for (Map.Entry<String, String> key : Settings.KEYS.entrySet()) {
                var value = settings.get(key.getKey());
                out.printf("%-18s %-40s %s%n", key.getKey(),
                        value.map(v -> v.value() + " (" + v.source().name().toLowerCase(java.util.Locale.ROOT) + ")").orElse("-"),
                        key.getValue());
            }
            return ExitCode.OK;
        }
    }
}
