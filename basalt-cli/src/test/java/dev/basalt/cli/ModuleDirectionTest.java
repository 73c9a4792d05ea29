package dev.basalt.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The brief's one rule between modules, checked on the compiled production classes of all five
 * modules (this module's test classpath sees them all): cli -> agent -> core, cli -> bedrock -> core,
 * cli -> emulator; the emulator depends on nothing of ours and never on the AWS SDK.
 */
class ModuleDirectionTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.basalt");
    }

    @Test
    void coreDependsOnNothingOfOurs() {
        noClasses().that().resideInAPackage("dev.basalt.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.basalt.bedrock..", "dev.basalt.agent..", "dev.basalt.cli..", "dev.basalt.emulator..",
                        "software.amazon..")
                .check(classes);
    }

    @Test
    void agentDependsOnCoreOnly() {
        noClasses().that().resideInAPackage("dev.basalt.agent..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.basalt.bedrock..", "dev.basalt.cli..", "dev.basalt.emulator..", "software.amazon..")
                .check(classes);
    }

    @Test
    void bedrockDependsOnCoreOnly() {
        noClasses().that().resideInAPackage("dev.basalt.bedrock..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.basalt.agent..", "dev.basalt.cli..", "dev.basalt.emulator..")
                .check(classes);
    }

    @Test
    void emulatorIsAnIndependentImplementation() {
        noClasses().that().resideInAPackage("dev.basalt.emulator..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.basalt.core..", "dev.basalt.bedrock..", "dev.basalt.agent..", "dev.basalt.cli..",
                        "software.amazon..")
                .check(classes);
    }

    @Test
    void noModuleReachesIntoAnothersInternals() {
        for (String module : new String[] {"core", "bedrock", "agent", "cli", "emulator"}) {
            noClasses().that().resideOutsideOfPackage("dev.basalt." + module + "..")
                    .should().dependOnClassesThat().resideInAPackage("dev.basalt." + module + ".internal..")
                    .allowEmptyShould(true)
                    .check(classes);
        }
    }
}
