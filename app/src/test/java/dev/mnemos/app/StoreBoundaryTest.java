package dev.mnemos.app;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The query layer (GraphQL, summaries, search) sees the store only through its typed API ({@code
 * MetadataGraph}, {@code GraphReads}, the model records) and its change events: never an MLMD
 * request or response message, a jOOQ class of MLMD's schema, or the store's table bindings. So the
 * store can change how it keeps MLMD's data without the layers above noticing.
 */
class StoreBoundaryTest {

  private static final JavaClasses QUERY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages("dev.mnemos.query");

  @Test
  void theQueryLayerReadsTheStoreThroughItsTypedApiOnly() {
    assertThat(QUERY.stream().map(JavaClass::getPackageName).distinct())
        .contains(
            "dev.mnemos.query.graphql", "dev.mnemos.query.summary", "dev.mnemos.query.search");
    noClasses()
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("dev.mnemos.migrations.jooq..", "dev.mnemos.server.schema.."))
        .orShould()
        .dependOnClassesThat(
            resideInAPackage("dev.mnemos.proto.mlmd")
                .and(simpleNameEndingWith("Request").or(simpleNameEndingWith("Response"))))
        .check(QUERY);
  }
}
