package org.msrp4j;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layers of msrp4j-core (DESIGN.md §3), checked on the compiled classes: each package uses only
 * those below it, no two packages depend on each other, and the value layer needs nothing but the JDK.
 *
 * <p>From the bottom: the exceptions in {@code org.msrp4j}; {@code auth} (digest arithmetic) and
 * {@code tls} (JSSE set-up, JDK only), both leaves; {@code protocol} (with its {@code header}
 * subpackage, one unit: headers and chunks name each other); {@code transport}, whose traffic-logger
 * SPI {@code log} implements with SLF4J; {@code connect}, which produces bound transports, and
 * {@code tls.pkix} (BouncyCastle: PEM files, self-signed certificates) beside it; {@code session} on top.
 */
class ArchitectureTest {

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("org.msrp4j");

    @Test
    void packagesDependOnlyOnTheLayersBelow() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Errors").definedBy("org.msrp4j")
                .layer("Auth").definedBy("org.msrp4j.auth..")
                .layer("Tls").definedBy("org.msrp4j.tls")
                .layer("Protocol").definedBy("org.msrp4j.protocol..")
                .layer("Transport").definedBy("org.msrp4j.transport..")
                .layer("Log").definedBy("org.msrp4j.log..")
                .layer("Pkix").definedBy("org.msrp4j.tls.pkix..")
                .layer("Connect").definedBy("org.msrp4j.connect..")
                .layer("Session").definedBy("org.msrp4j.session..")
                .whereLayer("Session").mayNotBeAccessedByAnyLayer()
                .whereLayer("Connect").mayOnlyBeAccessedByLayers("Session")
                .whereLayer("Pkix").mayOnlyBeAccessedByLayers("Connect", "Session")
                .whereLayer("Log").mayOnlyBeAccessedByLayers("Connect", "Session")
                .whereLayer("Transport").mayOnlyBeAccessedByLayers("Log", "Connect", "Session")
                .whereLayer("Protocol").mayOnlyBeAccessedByLayers("Transport", "Log", "Connect", "Session")
                .whereLayer("Tls")
                .mayOnlyBeAccessedByLayers("Protocol", "Transport", "Log", "Pkix", "Connect", "Session")
                .whereLayer("Auth").mayOnlyBeAccessedByLayers("Connect", "Session")
                .check(CORE);
    }

    /** Each top-level package with its subpackages is one unit ({@code protocol.header} is part of the grammar). */
    @Test
    void noCyclesBetweenPackages() {
        slices().matching("org.msrp4j.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void protocolAndTlsNeedOnlyTheJdk() {
        classes().that().resideInAnyPackage("org.msrp4j", "org.msrp4j.protocol..", "org.msrp4j.tls")
                .should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "javax..", "org.msrp4j", "org.msrp4j.protocol..", "org.msrp4j.tls")
                .check(CORE);
    }
}
