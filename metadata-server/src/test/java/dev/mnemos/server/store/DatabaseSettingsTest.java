package dev.mnemos.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Passwords never reach a log line or an error message, in any form a JDBC URL carries them. */
class DatabaseSettingsTest {

  private static String redacted(String url) {
    return DatabaseSettings.of(url).redactedUrl();
  }

  @Test
  void everyFormOfPasswordIsHidden() {
    assertThat(redacted("jdbc:mysql://db:3306/metadb?user=meta&password=s3cret&ssl=true"))
        .isEqualTo("jdbc:mysql://db:3306/metadb?user=meta&password=***&ssl=true");
    assertThat(redacted("jdbc:mysql://meta:s3cret@db:3306/metadb"))
        .isEqualTo("jdbc:mysql://meta:***@db:3306/metadb");
    assertThat(redacted("jdbc:mysql://db/metadb?PASSWORD=s3cret")).doesNotContain("s3cret");
    assertThat(redacted("jdbc:mysql://db/metadb;password=s3cret;user=meta"))
        .doesNotContain("s3cret");
    assertThat(redacted("jdbc:mysql://db/metadb?user=meta&password1=s3cret"))
        .doesNotContain("s3cret");
  }

  @Test
  void aUrlWithoutSecretsIsShownAsItIs() {
    assertThat(redacted("jdbc:mysql://db:3306/metadb?user=meta"))
        .isEqualTo("jdbc:mysql://db:3306/metadb?user=meta");
    assertThat(redacted("jdbc:sqlite:/var/lib/mnemos/metadata.sqlite"))
        .isEqualTo("jdbc:sqlite:/var/lib/mnemos/metadata.sqlite");
  }

  @Test
  void mysqlUrlsGoToMariaDbsDriver() {
    assertThat(DatabaseSettings.driverUrl("jdbc:mysql://db:3306/metadb?user=meta"))
        .isEqualTo("jdbc:mariadb://db:3306/metadb?user=meta");
    assertThat(DatabaseSettings.driverUrl("jdbc:sqlite:/data/m.sqlite"))
        .isEqualTo("jdbc:sqlite:/data/m.sqlite");
  }
}
