package org.msrp4j.relay;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/** The relay builds on msrp4j-core alone (DESIGN.md §3): not on the streams, the CLI or the benches. */
class RelayArchitectureTest {

    private static final String RELAY_PACKAGE = "org.msrp4j.relay";

    private static final JavaClasses RELAY = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(RELAY_PACKAGE);

    /**
     * One slice for the classes of {@code org.msrp4j.relay} itself and one for each of its subpackages (with
     * theirs), so that a cycle between the relay's top package and a subpackage counts as well.
     */
    private static final SliceAssignment RELAY_AND_SUBPACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            if (pkg.equals(RELAY_PACKAGE)) {
                return SliceIdentifier.of("relay");
            }
            if (pkg.startsWith(RELAY_PACKAGE + ".")) {
                String rest = pkg.substring(RELAY_PACKAGE.length() + 1);
                int dot = rest.indexOf('.');
                return SliceIdentifier.of("relay." + (dot < 0 ? rest : rest.substring(0, dot)));
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "org.msrp4j.relay and each of its subpackages";
        }
    };

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

    @Test
    void noCycleBetweenTheRelayPackageAndItsSubpackages() {
        slices().assignedFrom(RELAY_AND_SUBPACKAGES).should().beFreeOfCycles().check(RELAY);
    }
}
