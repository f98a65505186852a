package dev.bellwether.classifier.model;

import dev.bellwether.config.ClassifierConfig;
import dev.bellwether.event.EntitySentiment;
import dev.bellwether.event.ModelId;
import dev.bellwether.event.SentimentPrediction;
import dev.bellwether.event.TopicPrediction;
import dev.bellwether.text.LanguageGuess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The topic and sentiment classifier: one model version (encoder + heads) loaded into ONNX
 * Runtime. Thread-safe; close it to free the native sessions. Closing waits for calls in flight,
 * and later calls fail with {@link IllegalStateException}: freeing a native session under a
 * running inference would crash the JVM.
 */
public final class NewsClassifier implements AutoCloseable {

  /** The sentiment labels every model must list, in this order, to match {@link SentimentPrediction}. */
  public static final List<String> SENTIMENT_LABELS = List.of("negative", "neutral", "positive");

  /**
   * Value of the manifest's {@code training.entity.input} for a model trained to read an entity as
   * the second segment of its text ({@code [CLS] text [SEP] entity [SEP]}) and to give that
   * entity's sentiment with its sentiment head.
   */
  public static final String ENTITY_INPUT_PAIR = "pair";

  private final TextEncoder encoder;
  private final HeadsSession heads;
  private final ModelManifest manifest;
  private final ModelId id;
  private final boolean entityAware;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private boolean closed;

  private NewsClassifier(TextEncoder encoder, HeadsSession heads, ModelManifest manifest) {
    this.encoder = encoder;
    this.heads = heads;
    this.manifest = manifest;
    this.id = manifest.modelId();
    this.entityAware = manifest.training() != null
        && ENTITY_INPUT_PAIR.equals(manifest.training().path("entity").path("input").asText());
  }

  /** Loads the model named by config: the bundled one when {@code model-dir} is empty. */
  public static NewsClassifier load(ClassifierConfig config) {
    ModelFiles files = config.modelDir().isEmpty()
        ? ModelFiles.fromClasspath(ModelFiles.BUNDLED)
        : ModelFiles.fromDirectory(Path.of(config.modelDir()));
    return load(files, config.intraOpThreads(), config.maxTokens());
  }

  /** Loads the model version in {@code modelDir}. */
  public static NewsClassifier load(Path modelDir, int intraOpThreads, int maxTokens) {
    return load(ModelFiles.fromDirectory(modelDir), intraOpThreads, maxTokens);
  }

  /** Loads the bundled default model. */
  public static NewsClassifier loadBundled(int intraOpThreads, int maxTokens) {
    return load(ModelFiles.fromClasspath(ModelFiles.BUNDLED), intraOpThreads, maxTokens);
  }

  /**
   * Loads the bundled frozen-encoder model: heads trained on the shipped int8 encoder, where
   * fine-tuning starts and what {@code bellwether train} rebuilds.
   */
  public static NewsClassifier loadFrozen(int intraOpThreads, int maxTokens) {
    return load(ModelFiles.fromClasspath(ModelFiles.FROZEN), intraOpThreads, maxTokens);
  }

  private static NewsClassifier load(ModelFiles files, int threads, int maxTokens) {
    ModelManifest m = files.manifest();
    String where = files.where();
    if (!SENTIMENT_LABELS.equals(m.labels().sentiment())) {
      throw new ModelLoadException(where + ": sentiment labels are " + m.labels().sentiment()
          + ", expected " + SENTIMENT_LABELS);
    }
    if (!TextEncoder.OUTPUT.equals(m.encoder().output()) || !TextEncoder.POOLING.equals(m.encoder().pooling())) {
      throw new ModelLoadException(where + ": manifest wants encoder output '" + m.encoder().output()
          + "' with pooling '" + m.encoder().pooling() + "'; this code reads '" + TextEncoder.OUTPUT
          + "' with '" + TextEncoder.POOLING + "' pooling");
    }
    TextEncoder encoder = files.encoder() != null
        ? TextEncoder.load(files.encoder(), threads, maxTokens)
        : TextEncoder.load(threads, maxTokens);
    try {
      if (!encoder.sha256().equals(m.encoder().sha256())) {
        throw new ModelLoadException(where + ": heads were trained on encoder sha256 " + m.encoder().sha256()
            + " but the class path holds " + encoder.sha256() + " (" + TextEncoder.ARTIFACT + ")");
      }
      HeadsSession heads = HeadsSession.load(files.heads(), m, encoder.dimension(), threads, where);
      return new NewsClassifier(encoder, heads, m);
    } catch (RuntimeException e) {
      encoder.close();
      throw e;
    }
  }

  /** The id every score of this model carries. */
  public ModelId id() {
    return id;
  }

  /** The manifest of the loaded version. */
  public ModelManifest manifest() {
    return manifest;
  }

  /** This model's encoder, for measuring it alone; closed with the model. */
  public TextEncoder encoder() {
    return encoder;
  }

  /** Classifies one text; never fails on empty, huge or non-English text, flags them instead. */
  public ClassifiedText classify(String text) {
    return classifyAll(List.of(text == null ? "" : text)).get(0);
  }

  /** Classifies texts in batches: one encoder pass per batch, both heads on its vectors. */
  public List<ClassifiedText> classifyAll(List<String> texts) {
    if (texts.isEmpty()) {
      return List.of();
    }
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("model " + id.display() + " is closed");
      }
      return classifyOpen(texts);
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Whether this model was trained to give an entity's own sentiment ({@link #entitySentiments});
   * older models were not, and their entity sentiment is the whole text's.
   */
  public boolean entityAware() {
    return entityAware;
  }

  /**
   * The sentiment of each entity in its text, for an {@link #entityAware()} model: the text and
   * the entity are encoded as one pair ({@code [CLS] text [SEP] entity [SEP]}) and scored by the
   * sentiment head, which learned on such pairs what the text says about that entity. For other
   * models, each text's own sentiment.
   *
   * @param cleanTexts texts passed through {@link TextCleaner#clean}
   * @param cleanEntities the entity of each text, as the text names it (or its ticker), cleaned
   */
  public List<SentimentPrediction> entitySentiments(List<String> cleanTexts, List<String> cleanEntities) {
    if (cleanTexts.size() != cleanEntities.size()) {
      throw new IllegalArgumentException(cleanTexts.size() + " texts but " + cleanEntities.size() + " entities");
    }
    if (cleanTexts.isEmpty()) {
      return List.of();
    }
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("model " + id.display() + " is closed");
      }
      Scores s = score(cleanTexts, entityAware ? cleanEntities : null);
      List<SentimentPrediction> out = new ArrayList<>(cleanTexts.size());
      for (float[] p : s.sentiment()) {
        out.add(sentiment(p));
      }
      return out;
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Whether {@link #close()} has been called. */
  public boolean isClosed() {
    lock.readLock().lock();
    try {
      return closed;
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Classifies news items: each is scored as its headline plus its body cut into groups of whole
   * sentences ({@link SentenceChunks}), the pieces of all items in one batched encoder pass. An
   * item's probabilities are {@code titleWeight} times its headline's plus {@code 1 - titleWeight}
   * times the mean of its body pieces': the headline is the editor's summary of the story and
   * keeps its weight however long the body is, while no single body sentence outweighs the rest.
   * An item with only a headline or only a body is scored on what it has.
   *
   * @param maxChunks most pieces per item, headline included; the rest of a body is cut and flagged
   * @param titleWeight the headline's share, 0 to 1
   */
  public List<ClassifiedText> classifyItems(List<NewsText> items, int maxChunks, double titleWeight) {
    if (items.isEmpty()) {
      return List.of();
    }
    lock.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException("model " + id.display() + " is closed");
      }
      return classifyItemsOpen(items, maxChunks, titleWeight);
    } finally {
      lock.readLock().unlock();
    }
  }

  private List<ClassifiedText> classifyItemsOpen(List<NewsText> items, int maxChunks, double titleWeight) {
    int budget = SentenceChunks.charBudget(encoder.maxTokens());
    List<String> pieces = new ArrayList<>();
    int[] first = new int[items.size()];
    boolean[] titled = new boolean[items.size()];
    boolean[] cut = new boolean[items.size()];
    for (int i = 0; i < items.size(); i++) {
      String title = TextCleaner.clean(items.get(i).title());
      String body = TextCleaner.clean(items.get(i).body());
      boolean useTitle = !title.isEmpty() && (body.isEmpty() || titleWeight > 0);
      boolean useBody = !body.isEmpty() && (!useTitle || titleWeight < 1 && maxChunks > 1);
      first[i] = pieces.size();
      titled[i] = useTitle || !useBody;
      if (titled[i]) {
        pieces.add(title);
      }
      if (useBody) {
        SentenceChunks chunks = SentenceChunks.split(body, budget, maxChunks - (titled[i] ? 1 : 0));
        pieces.addAll(chunks.pieces());
        cut[i] = chunks.cut();
      }
    }
    Scores scores = score(pieces);
    List<ClassifiedText> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      int from = first[i];
      int to = i + 1 < items.size() ? first[i + 1] : pieces.size();
      int bodyPieces = to - from - (titled[i] ? 1 : 0);
      double titleShare = bodyPieces == 0 ? 1 : titled[i] ? titleWeight : 0;
      float[] topic = new float[scores.topic()[from].length];
      float[] sentiment = new float[scores.sentiment()[from].length];
      StringBuilder scored = new StringBuilder();
      boolean truncated = cut[i];
      for (int k = from; k < to; k++) {
        boolean isTitle = titled[i] && k == from;
        double w = isTitle ? titleShare : (1 - titleShare) / bodyPieces;
        add(topic, scores.topic()[k], w);
        add(sentiment, scores.sentiment()[k], w);
        truncated |= scores.truncated()[k];
        scored.append(pieces.get(k)).append(' ');
      }
      List<String> flags = new ArrayList<>(2);
      if (scored.toString().isBlank()) {
        flags.add(ClassifiedText.EMPTY_TEXT);
      }
      if (truncated) {
        flags.add(ClassifiedText.TRUNCATED);
      }
      languageFlag(scored.toString()).ifPresent(flags::add);
      out.add(new ClassifiedText(topic(topic), sentiment(sentiment), flags, to - from));
    }
    return withEntities(items, out);
  }

  /** Entities scored per item, at most: the rest of a long list gets the item's sentiment. */
  static final int MAX_ENTITIES = 8;

  /**
   * The items' verdicts with each entity's sentiment: for an {@link #entityAware()} model, the
   * item's headline (its body when it has none) and the entity as the text names it ({@link
   * EntityMentions}) as one pair, all pairs of the batch in one encoder pass; for other models,
   * and past {@link #MAX_ENTITIES}, the item's own sentiment.
   */
  private List<ClassifiedText> withEntities(List<NewsText> items, List<ClassifiedText> verdicts) {
    List<String> texts = new ArrayList<>();
    List<String> mentions = new ArrayList<>();
    for (NewsText item : items) {
      String text = TextCleaner.clean(item.title().isBlank() ? item.body() : item.title());
      for (int e = 0; e < Math.min(MAX_ENTITIES, item.entities().size()); e++) {
        texts.add(text);
        mentions.add(TextCleaner.clean(EntityMentions.find(text, item.entities().get(e))));
      }
    }
    if (texts.isEmpty()) {
      return verdicts;
    }
    float[][] pairs = entityAware ? score(texts, mentions).sentiment() : null;
    List<ClassifiedText> out = new ArrayList<>(verdicts.size());
    int k = 0;
    for (int i = 0; i < items.size(); i++) {
      List<String> entities = items.get(i).entities();
      if (entities.isEmpty()) {
        out.add(verdicts.get(i));
        continue;
      }
      List<EntitySentiment> scored = new ArrayList<>(entities.size());
      for (int e = 0; e < entities.size(); e++) {
        boolean own = pairs != null && e < MAX_ENTITIES;
        String mention = e < MAX_ENTITIES ? mentions.get(k) : entities.get(e);
        scored.add(new EntitySentiment(entities.get(e), mention, own ? sentiment(pairs[k]) : verdicts.get(i).sentiment()));
        if (e < MAX_ENTITIES) {
          k++;
        }
      }
      out.add(verdicts.get(i).withEntities(scored));
    }
    return out;
  }

  /**
   * The language flag ({@code non-latin-script} or {@code not-english}) that {@link #classifyItems}
   * gives {@code item} with {@code maxChunks} and {@code titleWeight}, found from the text alone:
   * for scores kept from a time before the flag was derived as it is now (backtest's cache). With
   * body pieces it reads the whole cleaned body, where scoring reads the sentences it kept.
   */
  public static Optional<String> languageFlag(NewsText item, int maxChunks, double titleWeight) {
    String title = TextCleaner.clean(item.title());
    String body = TextCleaner.clean(item.body());
    boolean useTitle = !title.isEmpty() && (body.isEmpty() || titleWeight > 0);
    boolean useBody = !body.isEmpty() && (!useTitle || titleWeight < 1 && maxChunks > 1);
    String scored = (useTitle || !useBody ? title + " " : "") + (useBody ? body + " " : "");
    return languageFlag(scored);
  }

  /** {@code non-latin-script} or {@code not-english} when the text is not English, as far as can be told. */
  private static Optional<String> languageFlag(String text) {
    if (TextCleaner.mostlyNonLatin(text)) {
      return Optional.of(ClassifiedText.NON_LATIN_SCRIPT);
    }
    String language = LanguageGuess.of(text);
    return language != null && !language.equals("en") ? Optional.of(ClassifiedText.NOT_ENGLISH) : Optional.empty();
  }

  private static void add(float[] sum, float[] probs, double weight) {
    for (int k = 0; k < sum.length; k++) {
      sum[k] += (float) (weight * probs[k]);
    }
  }

  /** Probabilities of cleaned texts, one row per text, and whether each was cut to max-tokens. */
  private record Scores(float[][] topic, float[][] sentiment, boolean[] truncated) {}

  private Scores score(List<String> clean) {
    return score(clean, null);
  }

  private Scores score(List<String> clean, List<String> pairs) {
    TextEncoder.Encoded encoded = encoder.encode(clean, pairs, done -> { });
    HeadsSession.Probabilities p = heads.run(encoded.vectors());
    return new Scores(p.topic(), p.sentiment(), encoded.truncated());
  }

  private List<ClassifiedText> classifyOpen(List<String> texts) {
    List<String> clean = new ArrayList<>(texts.size());
    for (String t : texts) {
      clean.add(TextCleaner.clean(t));
    }
    Scores p = score(clean);
    List<ClassifiedText> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      List<String> flags = new ArrayList<>(2);
      if (clean.get(i).isEmpty()) {
        flags.add(ClassifiedText.EMPTY_TEXT);
      }
      if (p.truncated()[i]) {
        flags.add(ClassifiedText.TRUNCATED);
      }
      languageFlag(clean.get(i)).ifPresent(flags::add);
      out.add(new ClassifiedText(topic(p.topic()[i]), sentiment(p.sentiment()[i]), flags));
    }
    return out;
  }

  private TopicPrediction topic(float[] probs) {
    List<String> labels = manifest.labels().topic();
    Map<String, Double> byLabel = new LinkedHashMap<>();
    int best = 0;
    for (int k = 0; k < probs.length; k++) {
      byLabel.put(labels.get(k), (double) probs[k]);
      if (probs[k] > probs[best]) {
        best = k;
      }
    }
    return new TopicPrediction(labels.get(best), probs[best], byLabel);
  }

  private static SentimentPrediction sentiment(float[] probs) {
    return SentimentPrediction.fromProbabilities(probs[0], probs[1], probs[2]);
  }

  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        heads.close();
      } finally {
        encoder.close();
      }
    } finally {
      lock.writeLock().unlock();
    }
  }
}
