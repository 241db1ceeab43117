package dev.quayside.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The house rules of design.md §3, enforced. */
class ArchitectureTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.quayside.engine");

    @Test
    void engine_importsNoJenkinsClasses() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.jenkinsci..", "org.kohsuke..")
                .check(ENGINE);
    }

    @Test
    void engine_neverReadsProcessEnvironmentOrPrints() {
        noClasses().should().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().accessField(System.class, "out")
                .orShould().accessField(System.class, "err")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(java.time.Instant.class, "now")
                .check(ENGINE);
    }

    @Test
    void engine_packagesHaveNoCycles() {
        slices().matching("dev.quayside.engine.(*)..").should().beFreeOfCycles().check(ENGINE);
    }
}
