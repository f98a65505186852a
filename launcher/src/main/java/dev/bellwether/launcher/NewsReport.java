package dev.bellwether.launcher;

import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.TextCleaner;
import dev.bellwether.classifier.train.EntityData;
import dev.bellwether.classifier.train.EntityPair;
import dev.bellwether.classifier.train.Evaluation;
import dev.bellwether.classifier.train.NewsDevSet;
import dev.bellwether.classifier.train.Task;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code evaluate --news-dev} and {@code evaluate --entities} measure and print. */
final class NewsReport {

  private NewsReport() {}

  /** Both tasks on the news dev set, overall and by feed group; prints the text report unless {@code json}. */
  static Map<String, Object> newsDev(NewsClassifier classifier, Path root, PrintWriter out, boolean json) {
    long t0 = System.nanoTime();
    NewsDevSet set = NewsDevSet.load(root);
    Map<Task, Evaluation> all = NewsDevSet.evaluate(classifier, set.items());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("set", NewsDevSet.LABELS);
    m.put("items", set.items().size());
    m.put("model", classifier.id());
    Map<String, Object> groups = new LinkedHashMap<>();
    for (String g : set.groups()) {
      Map<Task, Evaluation> e = NewsDevSet.evaluate(classifier, set.group(g));
      groups.put(g, Map.of("items", set.group(g).size(), "topic_accuracy", round(e.get(Task.TOPIC).accuracy()),
          "sentiment_accuracy", round(e.get(Task.SENTIMENT).accuracy()),
          "sentiment_macro_f1", round(e.get(Task.SENTIMENT).macroF1())));
    }
    m.put("topic", all.get(Task.TOPIC).toMap());
    m.put("sentiment", all.get(Task.SENTIMENT).toMap());
    m.put("by_group", groups);
    if (!json) {
      out.printf("news dev set (%d items of %s, headlines), model %s%n%n", set.items().size(), NewsDevSet.CRAWL,
          classifier.id().display());
      out.printf("topic%n%s%n", all.get(Task.TOPIC).report());
      out.printf("sentiment%n%s%n", all.get(Task.SENTIMENT).report());
      out.printf("%-10s %6s %15s %19s %19s%n", "group", "items", "topic accuracy", "sentiment accuracy",
          "sentiment macro-F1");
      groups.forEach((g, v) -> {
        @SuppressWarnings("unchecked")
        Map<String, Object> r = (Map<String, Object>) v;
        out.printf(Locale.ROOT, "%-10s %6d %15.3f %19.3f %19.3f%n", g, (Integer) r.get("items"),
            (Double) r.get("topic_accuracy"), (Double) r.get("sentiment_accuracy"), (Double) r.get("sentiment_macro_f1"));
      });
      out.printf(Locale.ROOT, "%ntook %.1fs%n", (System.nanoTime() - t0) / 1e9);
    }
    return m;
  }

  /**
   * The held-out entity pairs: each entity's own sentiment and the whole text's, against the
   * entity's label; prints the text report unless {@code json}.
   */
  static Map<String, Object> entities(NewsClassifier classifier, Path root, PrintWriter out, boolean json) {
    List<EntityPair> test = EntityData.load(root).pairTest();
    List<String> texts = test.stream().map(p -> TextCleaner.clean(p.text())).toList();
    List<String> names = test.stream().map(p -> TextCleaner.clean(p.entity())).toList();
    int[] truth = test.stream().mapToInt(EntityPair::label).toArray();
    List<String> labels = classifier.manifest().labels().sentiment();
    int[] predicted = classifier.entitySentiments(texts, names).stream().mapToInt(p -> p.label().ordinal()).toArray();
    Evaluation entity = Evaluation.of(labels, truth, predicted);
    Evaluation item = Evaluation.of(labels, truth,
        classifier.classifyAll(texts).stream().mapToInt(c -> c.sentiment().label().ordinal()).toArray());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("pairs", test.size());
    m.put("model", classifier.id());
    m.put("entity_aware", classifier.entityAware());
    m.put("entity", entity.toMap());
    m.put("item", item.toMap());
    Map<String, Object> bySource = new LinkedHashMap<>();
    for (String source : test.stream().map(EntityPair::source).distinct().toList()) {
      int n = 0;
      int right = 0;
      for (int i = 0; i < test.size(); i++) {
        if (test.get(i).source().equals(source)) {
          n++;
          right += predicted[i] == truth[i] ? 1 : 0;
        }
      }
      bySource.put(source, Map.of("pairs", n, "entity_accuracy", round(n == 0 ? 0 : (double) right / n)));
    }
    m.put("by_source", bySource);
    if (!json) {
      out.printf("held-out entity pairs (%d, from multi-entity items of SEntFiN and FinEntity), model %s%s%n%n",
          test.size(), classifier.id().display(), classifier.entityAware() ? "" : " (not entity-aware: entity = item)");
      out.printf(Locale.ROOT, "entity sentiment (text + entity):  accuracy %.4f, macro-F1 %.4f%n", entity.accuracy(),
          entity.macroF1());
      out.printf(Locale.ROOT, "item sentiment (text alone):       accuracy %.4f, macro-F1 %.4f%n", item.accuracy(),
          item.macroF1());
      bySource.forEach((source, v) -> out.printf("  %s: %s%n", source, v));
      out.printf("%nentity sentiment%n%s", entity.report());
    }
    return m;
  }

  private static double round(double x) {
    return Math.round(x * 10000) / 10000.0;
  }
}
