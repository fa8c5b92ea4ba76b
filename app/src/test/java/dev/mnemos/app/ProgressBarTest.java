package dev.mnemos.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The bar redraws a few times a second, not once per step, and always shows the end. */
class ProgressBarTest {

  @Test
  void tenThousandStepsDrawAFewBarsEndingFull() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "x");

    for (int done = 0; done <= 10_000; done++) {
      bar.show(done, 10_000);
    }

    String drawn = bytes.toString(StandardCharsets.UTF_8);
    // One redraw per step would be 10,001; a tenth of a second apart, a slow machine draws some.
    assertThat(drawn.chars().filter(c -> c == '\r').count()).isBetween(2L, 1000L);
    assertThat(drawn).startsWith("\r" + ProgressBar.of("x", 0, 10_000));
    assertThat(drawn).endsWith("\r" + ProgressBar.of("x", 10_000, 10_000));
  }
}
