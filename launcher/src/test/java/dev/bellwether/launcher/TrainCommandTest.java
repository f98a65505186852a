package dev.bellwether.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The train command on a tiny data root. */
class TrainCommandTest {

  @TempDir Path data;
  @TempDir Path out;

  private void write(String name, String... lines) throws IOException {
    Path file = data.resolve(name);
    Files.createDirectories(file.getParent());
    Files.write(file, List.of(lines), StandardCharsets.UTF_8);
  }

  @Test
  void trainsOnATinyDataRootAndPrintsWhereTheVersionWent() throws IOException {
    write("twitter-financial-news-sentiment/sent_train.csv", "text,label",
        "Acme shares plunge after probe,0", "Globex soars on record profit,1", "Initech to hold meeting,2",
        "Hooli slumps on weak outlook,0", "Umbrella jumps after upgrade,1", "Vandelay schedules call,2");
    write("twitter-financial-news-sentiment/sent_valid.csv", "text,label",
        "Stark shares sink on recall,0", "Wayne rallies on strong sales,1", "Cyberdyne sets date,2");
    write("twitter-financial-news-topic/topic_train.csv", "text,label",
        "Acme earnings beat estimates,0", "Globex names new CEO,1", "Initech earnings miss,0", "Hooli hires CFO,1");
    write("twitter-financial-news-topic/topic_valid.csv", "text,label", "Wayne earnings top views,0",
        "Stark appoints president,1");
    write("twitter-financial-news-topic/classes.txt", "Earnings", "Personnel Change");
    write("sentfin-1.0/SEntFiN.csv", "S No.,Title,Decisions,Words", "1,Tata profit falls,{'Tata': 'negative'},3");
    StringWriter stdout = new StringWriter();

    int code = new CommandLine(new TrainCommand()).setOut(new PrintWriter(stdout))
        .execute("--data", data.toString(), "--out", out.toString(), "--seed", "3", "--version-name", "t1",
            "--max-tokens", "32");

    assertThat(code).isZero();
    assertThat(stdout.toString()).contains("wrote " + out.resolve("t1"), "calibrated: temperature",
        "sentiment (valid, 3 texts): accuracy",
        "topic (valid, 2 texts)");
    assertThat(out.resolve("t1/manifest.json")).exists();
    assertThat(out.resolve("t1/heads.onnx")).exists();
    assertThat(Files.readString(out.resolve("t1/manifest.json"))).contains("\"calibration\"", "\"temperature\"");

    StringWriter calibrated = new StringWriter();
    int calibrateCode = new CommandLine(new CalibrateCommand()).setOut(new PrintWriter(calibrated))
        .execute("--data", data.toString(), "--model", out.resolve("t1").toString(), "--out", out.toString(),
            "--version-name", "t1c", "--max-tokens", "32");
    assertThat(calibrateCode).isZero();
    assertThat(calibrated.toString()).contains("temperature", "topic", "sentiment", "valid", "wrote " + out.resolve("t1c"));
    assertThat(out.resolve("t1c/heads.onnx")).exists();

    // The bundled model has the 20 topics of the real data set, not this root's two.
    StringWriter err = new StringWriter();
    CommandLine bundled = new CommandLine(new CalibrateCommand()).setErr(new PrintWriter(err));
    bundled.setExecutionExceptionHandler((e, c, r) -> {
      c.getErr().println(e.getMessage());
      return 1;
    });
    assertThat(bundled.execute("--data", data.toString(), "--out", out.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("calibrate: the model's topic labels", "calibrate it with the data it was trained on");
  }

  @Test
  void fineTuneWithoutTheFinetuneModuleSaysHowToBuildIt() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new TrainCommand()).setErr(new PrintWriter(err));
    cli.setExecutionExceptionHandler((e, c, r) -> {
      c.getErr().println(e.getMessage());
      return 1;
    });

    int code = cli.execute("--data", ".", "--fine-tune");

    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("finetune module", "mvn -DskipTests package -pl finetune -am");
  }

  @Test
  void withFeedbackRefusesAZeroWeightAndAnExportWithoutCorrections() throws IOException {
    Path empty = out.resolve("feedback.jsonl");
    Files.writeString(empty, "");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new TrainCommand()).setErr(new PrintWriter(err));
    cli.setExecutionExceptionHandler((e, c, r) -> {
      c.getErr().println(e.getMessage());
      return 1;
    });

    int zeroWeight = cli.execute("--data", ".", "--with-feedback", "--feedback-from", empty.toString(),
        "--feedback-weight", "0");
    int nothing = cli.execute("--data", ".", "--with-feedback", "--feedback-from", empty.toString());

    assertThat(zeroWeight).isEqualTo(2);
    assertThat(nothing).isEqualTo(1);
    assertThat(err.toString()).contains("--feedback-weight must be at least 1", "no label corrections in " + empty);
  }

  @Test
  void helpNamesTheDataSetsAndAnExample() {
    String help = new CommandLine(new TrainCommand()).getUsageMessage();
    assertThat(help).contains("SEntFiN.csv", "topic_train.csv", "bellwether train --data", "--seed", "--cache",
        "--with-feedback", "--feedback-from", "--tolerance", "Promotion rule", "candidates/");
  }
}
