package dev.mnemos.app;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package of Mnemos depends on itself through others: every module's packages (the process, the
 * query layer, the MLflow API, the watcher, the store, its filter compiler, the schema) form a
 * one-way graph, so each can be read, tested and changed from the bottom up. A module's root
 * package composes its sub-packages, so what they share lives in a sub-package of its own (e.g.
 * query.config, query.paging, watcher.election.LeaseSettings). The app module sees every module's
 * classes, so the rule covers them all.
 */
class PackageCyclesTest {

  private static final JavaClasses MNEMOS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // The other modules' test helpers come as test jars.
          .withImportOption(location -> !location.contains("-tests.jar"))
          // jOOQ's generated classes refer to each other across their packages by design.
          .withImportOption(location -> !location.contains("/jooq/"))
          .importPackages("dev.mnemos");

  @Test
  void noPackageCycles() {
    // Every module is there (as jars in a reactor build), else the rule would hold vacuously.
    assertThat(MNEMOS.stream().map(JavaClass::getPackageName).distinct())
        .contains(
            "dev.mnemos.server.store",
            "dev.mnemos.server.filter",
            "dev.mnemos.server.errors",
            "dev.mnemos.query.graphql",
            "dev.mnemos.mlflow.store",
            "dev.mnemos.watcher",
            "dev.mnemos.app")
        .noneMatch(name -> name.contains("testing"));
    slices().matching("dev.mnemos.(**)").should().beFreeOfCycles().check(MNEMOS);
  }
}
