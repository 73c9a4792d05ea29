package dev.basalt.cli;

import dev.basalt.bedrock.CatalogModel;
import dev.basalt.bedrock.ModelCatalog;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** `basalt models`: the catalog Basalt knows. */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the models Basalt knows: aliases, context window, output limit, on-demand prices (USD per million tokens).")
final class Models implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-44s %-22s %9s %8s %8s %8s  %s%n", "MODEL ID", "ALIAS", "CONTEXT", "OUTPUT", "IN $/M", "OUT $/M", "PROFILES");
        for (CatalogModel m : ModelCatalog.bundled().models()) {
            out.printf("%-44s %-22s %9d %8d %8.3f %8.3f  %s%s%n", m.id(), m.aliases().isEmpty() ? "" : m.aliases().get(0),
                    m.contextWindow(), m.maxOutput(), m.pricing().input(), m.pricing().output(),
                    m.profiles().isEmpty() ? "-" : String.join(",", m.profiles()), m.profileRequired() ? " (required)" : "");
        }
        out.println();
        out.println("Use an alias or id with --model; custom:<region>:<id> pins a region. Prices: us-east-1, check the Bedrock pricing page.");
        return ExitCode.OK;
    }
}
