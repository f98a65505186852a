package dev.bellwether;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private long now;

  @Test
  void printsALineEveryIntervalWithRateAndTimeLeftAndEndsAtTheTotal() {
    Progress progress = new Progress(out, "encoding", "texts", 1000, false, () -> now);
    now = Progress.LINE_EVERY_NANOS / 2;
    progress.update(100);
    assertThat(lines()).isEmpty();

    now = Progress.LINE_EVERY_NANOS;
    progress.update(250);
    now = 4 * Progress.LINE_EVERY_NANOS;
    progress.update(1000);
    progress.finish(1000);

    assertThat(lines()).containsExactly(
        "encoding 250/1,000 (25%) [########......................] 50 texts/s, ETA 15 s",
        "encoding 1,000/1,000 (100%) [##############################] 50 texts/s, done in 20 s");
  }

  @Test
  void showsACountOfItsOwnWhenTheShareIsMeasuredInOtherUnits() {
    Progress progress = new Progress(out, "reading news.csv", "lines", 4_000_000, false, () -> now);
    now = Progress.LINE_EVERY_NANOS;
    progress.update(1_000_000, 2_500);

    assertThat(lines()).containsExactly(
        "reading news.csv 2,500 lines (25%) [########......................] 500 lines/s, ETA 15 s");
  }

  @Test
  void aTaskThatEndsWithinTheFirstIntervalPrintsNothing() {
    Progress progress = new Progress(out, "export", "offsets", 10, false, () -> now);
    progress.update(10);
    progress.finish(10);
    new Progress(null, "export", "offsets", 10, false, () -> now).update(5);

    assertThat(lines()).isEmpty();
  }

  @Test
  void aBarForALogAlwaysEndsWithHowLongTheTaskTook() {
    Progress progress = Progress.forLog(out, "teacher labels", "texts", 23, () -> now);
    now = Progress.LINE_EVERY_NANOS / 5;
    progress.update(23);

    assertThat(lines()).containsExactly("teacher labels 23/23 (100%) [##############################] 23 texts/s,"
        + " done in 1 s");
  }

  private List<String> lines() {
    String text = bytes.toString(StandardCharsets.UTF_8);
    return text.isEmpty() ? List.of() : List.of(text.split(System.lineSeparator()));
  }
}
