package dev.basalt.cli;

import dev.basalt.bedrock.BedrockAccount;
import dev.basalt.bedrock.CatalogModel;
import dev.basalt.bedrock.ModelCatalog;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** `basalt models`: the catalog Basalt knows, or with --live what the account can use in its region. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = {"List the models Basalt knows: aliases, context window, output limit, on-demand prices (USD per "
                + "million tokens).",
                "With --live, ask Bedrock what the account can use in the region (ListFoundationModels and "
                + "ListInferenceProfiles): each model with how it may be invoked, and the inference profiles."},
        footer = {"", "Examples:", "  basalt models", "  basalt models --live --region eu-west-1", "  basalt models --live --local"})
final class Models implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Option(names = "--live", description = "List what the account can use in the region, from Bedrock itself.")
    boolean live;

    @Option(names = "--local", description = "With --live: ask the built-in emulator (no AWS account needed).")
    boolean local;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!live) {
            if (local) {
                throw new UserError(ExitCode.USAGE, "--local goes with --live", "basalt models --live --local");
            }
            catalog(out);
            return ExitCode.OK;
        }
        try (BedrockTarget target = BedrockTarget.of(aws, local, Settings.standard())) {
            if (local) {
                target.startLocal(spec.commandLine().getErr(), "its own model catalog");
            }
            try (BedrockAccount account = target.account()) {
                live(out, account);
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
                : String.join(",", types).toLowerCase(java.util.Locale.ROOT);
    }

    private static void catalog(PrintWriter out) {
        out.printf("%-44s %-22s %9s %8s %8s %8s  %s%n", "MODEL ID", "ALIAS", "CONTEXT", "OUTPUT", "IN $/M", "OUT $/M", "PROFILES");
        for (CatalogModel m : ModelCatalog.bundled().models()) {
            out.printf("%-44s %-22s %9d %8d %8.3f %8.3f  %s%s%n", m.id(), m.aliases().isEmpty() ? "" : m.aliases().get(0),
                    m.contextWindow(), m.maxOutput(), m.pricing().input(), m.pricing().output(),
                    m.profiles().isEmpty() ? "-" : String.join(",", m.profiles()), m.profileRequired() ? " (required)" : "");
        }
        out.println();
        out.println("Use an alias or id with --model; custom:<region>:<id> pins a region. Prices: us-east-1, check the Bedrock "
                + "pricing page. `basalt models --live` asks Bedrock what your account can use.");
    }
}
