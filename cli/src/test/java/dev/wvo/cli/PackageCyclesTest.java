package dev.wvo.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * No two packages of the CLI depend on each other, directly or through others: the commands use
 * the renderers and the shell, never the other way round. The core has its own such test.
 */
class PackageCyclesTest {

    @Test
    void cliPackagesAreFreeOfCycles() {
        // this module's main classes (Surefire runs in the module's folder)
        JavaClasses main = new ClassFileImporter().importPath(Path.of("target", "classes"));
        slices().matching("dev.wvo.(**)").should().beFreeOfCycles().check(main);
    }
}
