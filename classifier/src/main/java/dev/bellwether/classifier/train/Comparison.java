package dev.bellwether.classifier.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The comparison of a candidate model with the current one on the same held-out sets, and the
 * promotion decision: promote only if, for every task, the candidate's accuracy on base
 * validation is at most {@code tolerance} below the current model's and its accuracy on the
 * held-out corrections is at least the current model's.
 *
 * @param rows one row per task and held-out set
 * @param tolerance largest accepted accuracy drop on base validation
 * @param currentModel display id of the current model
 * @param candidateModel display id of the candidate
 * @param promoted whether the rule promotes the candidate
 * @param reasons why not, one line per failed condition; empty when promoted
 */
public record Comparison(List<Row> rows, double tolerance, String currentModel, String candidateModel,
    boolean promoted, List<String> reasons) {

  /** Name of the base validation set in rows. */
  public static final String BASE = "base-validation";
  /** Name of the held-out corrections in rows. */
  public static final String FEEDBACK = "held-out-feedback";
  /** File name of the JSON report next to the candidate. */
  public static final String JSON_FILE = "comparison.json";
  /** File name of the readable report next to the candidate. */
  public static final String TEXT_FILE = "comparison.txt";

  /**
   * One task on one held-out set.
   *
   * @param task {@code sentiment} or {@code topic}
   * @param set {@link #BASE} or {@link #FEEDBACK}
   * @param candidate the candidate's evaluation
   * @param current the current model's evaluation
   */
  public record Row(String task, String set, Evaluation candidate, Evaluation current) {}

  /** Applies the rule to the rows of every task. */
  static Comparison of(List<List<Row>> perTask, double tolerance, String currentModel, String candidateModel) {
    List<Row> rows = new ArrayList<>();
    perTask.forEach(rows::addAll);
    List<String> reasons = new ArrayList<>();
    boolean anyFeedback = false;
    for (Row r : rows) {
      double cand = r.candidate().accuracy();
      double cur = r.current().accuracy();
      if (r.set().equals(BASE) && cand < cur - tolerance) {
        reasons.add(String.format(Locale.ROOT, "%s %s accuracy %.4f is more than %.4f below the current %.4f",
            r.task(), BASE, cand, tolerance, cur));
      }
      if (r.set().equals(FEEDBACK)) {
        anyFeedback = true;
        if (cand < cur) {
          reasons.add(String.format(Locale.ROOT, "%s %s accuracy %.4f is below the current %.4f", r.task(), FEEDBACK, cand, cur));
        }
      }
    }
    if (!anyFeedback) {
      reasons.add("no corrections were held out to judge the candidate by; collect more corrections");
    }
    return new Comparison(List.copyOf(rows), tolerance, currentModel, candidateModel, reasons.isEmpty(), List.copyOf(reasons));
  }

  /** The report as JSON-ready maps. */
  public Map<String, Object> toMap() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(Trainer.ordered("task", r.task(), "set", r.set(), "examples", r.candidate().total(),
          "candidate", Trainer.ordered("accuracy", r.candidate().accuracy(), "macro_f1", r.candidate().macroF1()),
          "current", Trainer.ordered("accuracy", r.current().accuracy(), "macro_f1", r.current().macroF1())));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("current_model", currentModel);
    m.put("candidate_model", candidateModel);
    m.put("rule", "promote if base-validation accuracy >= current - tolerance for every task and "
        + "held-out-feedback accuracy >= current for every task");
    m.put("tolerance", tolerance);
    m.put("rows", out);
    m.put("promoted", promoted);
    m.put("reasons", reasons);
    return m;
  }

  /** The report as a table with the decision under it. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append("current   ").append(currentModel).append('\n');
    sb.append("candidate ").append(candidateModel).append("\n\n");
    sb.append(String.format(Locale.ROOT, "%-10s %-18s %6s  %-21s %-21s%n", "task", "held-out set", "texts",
        "accuracy cand / cur", "macro-F1 cand / cur"));
    for (Row r : rows) {
      sb.append(String.format(Locale.ROOT, "%-10s %-18s %6d  %.4f / %.4f       %.4f / %.4f%n", r.task(), r.set(),
          r.candidate().total(), r.candidate().accuracy(), r.current().accuracy(), r.candidate().macroF1(),
          r.current().macroF1()));
    }
    sb.append('\n').append(promoted ? "decision: PROMOTED" : "decision: NOT PROMOTED").append('\n');
    for (String reason : reasons) {
      sb.append("  - ").append(reason).append('\n');
    }
    return sb.toString();
  }
}
