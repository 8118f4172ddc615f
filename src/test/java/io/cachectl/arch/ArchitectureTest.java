package io.cachectl.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;

/**
 * The layering of the main code, as README's Development section draws it. From the top:
 * <pre>
 *   cli (and Main)       picocli commands: the only package that may see every other one
 *   shell                the JLine shell; gets the CLI's command line through Shell.Host, never imports cli
 *   doctor               composes the capabilities' services into a diagnosis
 *   capabilities         bench, bigkeys, invalidate, stats, ttl, warm: never import each other
 *   engine               scan, effect, slo, config: shared by the capabilities
 *   connect              the only way to reach Redis; never imports output
 *   output               console, JSON, tables, units
 *   error, input         exceptions, exit codes, secrets masking; parsers of what users type
 * </pre>
 */
@AnalyzeClasses(packages = "io.cachectl", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    static final String[] CAPABILITIES = {"bench", "bigkeys", "invalidate", "stats", "ttl", "warm"};

    private static String[] packages(String... names) {
        return Arrays.stream(names).map(n -> "io.cachectl." + n + "..").toArray(String[]::new);
    }

    @ArchTest
    static final ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInAnyPackage("io.cachectl..")
            .layer("main").definedBy("io.cachectl")
            .layer("cli").definedBy(packages("cli"))
            .layer("shell").definedBy(packages("shell"))
            .layer("doctor").definedBy(packages("doctor"))
            .layer("capabilities").definedBy(packages(CAPABILITIES))
            .layer("engine").definedBy(packages("scan", "effect", "slo", "config"))
            .layer("connect").definedBy(packages("connect"))
            .layer("output").definedBy(packages("output"))
            .layer("base").definedBy(packages("error", "input"))
            .whereLayer("main").mayNotBeAccessedByAnyLayer()
            .whereLayer("cli").mayOnlyBeAccessedByLayers("main")
            .whereLayer("shell").mayOnlyBeAccessedByLayers("cli")
            .whereLayer("doctor").mayOnlyBeAccessedByLayers("cli", "shell")
            .whereLayer("capabilities").mayOnlyBeAccessedByLayers("cli", "shell", "doctor")
            .whereLayer("engine").mayOnlyBeAccessedByLayers("cli", "shell", "doctor", "capabilities")
            .whereLayer("connect").mayOnlyBeAccessedByLayers("cli", "shell", "doctor", "capabilities", "engine")
            .whereLayer("output").mayOnlyBeAccessedByLayers("main", "cli", "shell", "doctor", "capabilities", "engine");

    @ArchTest
    static final ArchRule capabilities_never_import_each_other = capabilitiesAreIndependent();

    private static ArchRule capabilitiesAreIndependent() {
        return slices().matching("io.cachectl.(*)..").that(
                com.tngtech.archunit.base.DescribedPredicate.describe("a capability",
                        s -> Arrays.asList(CAPABILITIES).contains(s.getNamePart(1))))
                .should().notDependOnEachOther();
    }

    @ArchTest
    static final ArchRule no_cycles = slices().matching("io.cachectl.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule connect_never_imports_output = noClasses().that().resideInAPackage("io.cachectl.connect..")
            .should().dependOnClassesThat().resideInAnyPackage(packages("output", "cli", "shell"));

    /** Libraries are used through their public API: no method handles or reflection into their private fields. */
    @ArchTest
    static final ArchRule no_reflection_into_libraries = noClasses().should().dependOnClassesThat()
            .resideInAPackage("java.lang.invoke..")
            .orShould().callMethod(java.lang.reflect.AccessibleObject.class, "setAccessible", boolean.class);
}
