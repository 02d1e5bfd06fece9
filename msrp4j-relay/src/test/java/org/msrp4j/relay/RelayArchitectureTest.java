package org.msrp4j.relay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The relay builds on msrp4j-core alone (DESIGN.md §3): not on the streams, the CLI or the benches. */
class RelayArchitectureTest {

    private static final JavaClasses RELAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.msrp4j.relay");

    @Test
    void theRelayDependsOnCoreOnly() {
        noClasses().that().resideInAPackage("org.msrp4j.relay..")
                .should().dependOnClassesThat().resideInAnyPackage("org.msrp4j.chat..", "org.msrp4j.cpim..",
                        "org.msrp4j.file..", "org.msrp4j.screen..", "org.msrp4j.sdp..", "org.msrp4j.stream..",
                        "org.msrp4j.cli..", "org.msrp4j.bench..")
                .check(RELAY);
    }

    @Test
    void noCyclesBetweenSubpackages() {
        slices().matching("org.msrp4j.relay.(*)..").should().beFreeOfCycles().check(RELAY);
    }
}
