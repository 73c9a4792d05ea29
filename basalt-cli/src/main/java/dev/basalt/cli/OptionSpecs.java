package dev.basalt.cli;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Picocli options built by hand, for the commands on the path of a one-shot answer and of the
 * interactive prompt (the root and chat). Picocli's annotations are read through reflection, and the
 * JVM makes each annotation type a proxy class at run time (Retention, Target, Command, Option, ...):
 * about 60 ms before anything else could start, which an AOT cache cannot keep. Commands that are
 * not on that path keep their annotations.
 */
final class OptionSpecs {

    private OptionSpecs() {
    }

    /** An option that takes no value; {@code names} comma-separated, e.g. {@code "-c,--continue"}. */
    static OptionSpec flag(String names, String... description) {
        return OptionSpec.builder(names.split(",")).arity("0").type(boolean.class).description(description).build();
    }

    /** An option with one value of {@code type}. */
    static OptionSpec valued(String names, String label, Class<?> type, String... description) {
        return OptionSpec.builder(names.split(",")).paramLabel(label).type(type).description(description).build();
    }

    /** An option that may be given more than once, each value split at commas when {@code split}. */
    static OptionSpec repeated(String names, String label, Class<?> element, boolean split, String... description) {
        OptionSpec.Builder option = OptionSpec.builder(names.split(",")).paramLabel(label).type(List.class)
                .auxiliaryTypes(element).description(description);
        if (split) {
            option.splitRegex(",");
        }
        return option.build();
    }

    /** {@code -h, --help} and {@code -V, --version}, with picocli's own texts, and the version provider. */
    static CommandSpec withHelp(CommandSpec spec) {
        spec.versionProvider(new VersionProvider());
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).arity("0").type(boolean.class)
                .description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).arity("0").type(boolean.class)
                .description("Print version information and exit.").build());
        return spec;
    }
}
