package org.msrp4j.stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layers of msrp4j-streams (DESIGN.md §3): SDP and CPIM are pure values, the shared stream life
 * cycle sits under the chat, file and screen streams, and the module builds on core alone.
 */
class StreamsArchitectureTest {

    private static final String[] STREAMS = {
        "org.msrp4j.chat..", "org.msrp4j.cpim..", "org.msrp4j.file..", "org.msrp4j.screen..", "org.msrp4j.sdp..",
        "org.msrp4j.stream.."};

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.msrp4j.chat", "org.msrp4j.cpim", "org.msrp4j.file", "org.msrp4j.screen",
                    "org.msrp4j.sdp", "org.msrp4j.stream");

    @Test
    void streamsDependOnCoreOnly() {
        noClasses().that().resideInAnyPackage(STREAMS)
                .should().dependOnClassesThat().resideInAnyPackage("org.msrp4j.relay..", "org.msrp4j.cli..",
                        "org.msrp4j.bench..")
                .check(CLASSES);
    }

    @Test
    void sdpAndCpimArePureValues() {
        noClasses().that().resideInAnyPackage("org.msrp4j.sdp..", "org.msrp4j.cpim..")
                .should().dependOnClassesThat().resideInAnyPackage("org.msrp4j.transport..",
                        "org.msrp4j.connect..", "org.msrp4j.session..", "org.msrp4j.log..", "org.msrp4j.stream..",
                        "org.msrp4j.chat..", "org.msrp4j.file..", "org.msrp4j.screen..")
                .check(CLASSES);
    }

    @Test
    void theSharedLifeCycleKnowsNoParticularStream() {
        noClasses().that().resideInAPackage("org.msrp4j.stream..")
                .should().dependOnClassesThat()
                .resideInAnyPackage("org.msrp4j.chat..", "org.msrp4j.file..", "org.msrp4j.screen..")
                .check(CLASSES);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("org.msrp4j.(*)..").should().beFreeOfCycles().check(CLASSES);
    }
}
