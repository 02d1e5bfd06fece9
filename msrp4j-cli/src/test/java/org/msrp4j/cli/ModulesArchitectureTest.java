package org.msrp4j.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The modules as a whole, seen from the CLI, the one that has them all (DESIGN.md §3): core depends on
 * no other module, relay, streams and the bench harness on core alone, and nothing but the CLI on the CLI.
 */
class ModulesArchitectureTest {

    private static final String[] STREAMS = {
        "org.msrp4j.chat..", "org.msrp4j.cpim..", "org.msrp4j.file..", "org.msrp4j.screen..", "org.msrp4j.sdp..",
        "org.msrp4j.stream.."};

    private static final String[] CORE = {
        "org.msrp4j", "org.msrp4j.auth..", "org.msrp4j.connect..", "org.msrp4j.log..", "org.msrp4j.protocol..",
        "org.msrp4j.session..", "org.msrp4j.tls..", "org.msrp4j.transport.."};

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // the streams test-jar the screen tests share (packaged once the build has passed package)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.msrp4j");

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses().that().resideInAnyPackage(CORE)
                .should().dependOnClassesThat().resideOutsideOfPackages(concat(CORE, "java..", "javax..",
                        "org.slf4j..", "org.bouncycastle..", "org.xbill.."))
                .check(ALL);
    }

    @Test
    void relayAndStreamsDoNotDependOnEachOther() {
        noClasses().that().resideInAPackage("org.msrp4j.relay..")
                .should().dependOnClassesThat().resideInAnyPackage(STREAMS).check(ALL);
        noClasses().that().resideInAnyPackage(STREAMS)
                .should().dependOnClassesThat().resideInAPackage("org.msrp4j.relay..").check(ALL);
    }

    @Test
    void theBenchHarnessDependsOnCoreAlone() {
        // msrp bench runs it, so it stays small: no relay, no streams, no JMH
        noClasses().that().resideInAPackage("org.msrp4j.bench..")
                .should().dependOnClassesThat().resideOutsideOfPackages(concat(CORE, "org.msrp4j.bench..", "java..",
                        "javax..", "com.sun.management.."))
                .check(ALL);
    }

    @Test
    void onlyTheCliDependsOnTheCli() {
        noClasses().that().resideOutsideOfPackage("org.msrp4j.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.msrp4j.cli..").check(ALL);
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = new String[first.length + more.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
