package dev.wvo;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * No two packages of the core depend on each other, directly or through others: each concept has
 * one home, and a home below never reaches back up. A cycle fails naming the classes that close it.
 */
class PackageCyclesTest {

    @Test
    void corePackagesAreFreeOfCycles() {
        // this module's main classes (Surefire runs in the module's folder)
        JavaClasses main = new ClassFileImporter().importPath(Path.of("target", "classes"));
        slices().matching("dev.wvo.(**)").should().beFreeOfCycles().check(main);
    }
}
