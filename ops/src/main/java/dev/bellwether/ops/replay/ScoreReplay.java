package dev.bellwether.ops.replay;

import dev.bellwether.Progress;
import dev.bellwether.classifier.model.ClassifiedText;
import dev.bellwether.classifier.model.NewsClassifier;
import dev.bellwether.classifier.model.NewsText;
import dev.bellwether.event.RawNewsItem;
import dev.bellwether.event.ScoredNewsItem;
import dev.bellwether.kafka.Decoded;
import dev.bellwether.kafka.JsonCodec;
import dev.bellwether.kafka.Topics;
import dev.bellwether.ops.topics.TopicRange;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rescoring a time range of {@code news.raw} with one model version into another topic: a
 * bounded batch job (assigned partitions from the range's first offsets to the end offsets seen at
 * start, no consumer group) writing through a transactional producer, one transaction per batch.
 * Keys and record timestamps are kept; the value is scored exactly as the scoring topology scores
 * it ({@link NewsClassifier#classifyItems} with the same chunk and title settings). Records that
 * cannot be read are counted and skipped: the live scoring app already sent them to the
 * dead-letter topic, and sending them again would double that backlog.
 */
public final class ScoreReplay {

  private static final Logger LOG = LoggerFactory.getLogger(ScoreReplay.class);
  private static final JsonCodec<RawNewsItem> RAW = Topics.RAW.valueSerde().codec();
  private static final JsonCodec<ScoredNewsItem> SCORED = Topics.SCORED.valueSerde().codec();

  /**
   * How one replay scores.
   *
   * @param batchSize items per encoder call and per transaction
   * @param maxChunks most text pieces per item, as {@code classifier.max-chunks}
   * @param titleWeight headline share, as {@code classifier.title-weight}
   */
  public record Scoring(int batchSize, int maxChunks, double titleWeight) {}

  /**
   * What a rescoring did.
   *
   * @param output the topic written
   * @param read raw records read (in the range or not)
   * @param rescored items scored and written
   * @param unreadable raw records in the range that could not be read
   * @param labels the new labels by item id
   */
  public record Result(String output, long read, long rescored, long unreadable, Map<String, Labels> labels) {}

  private ScoreReplay() {}

  /**
   * Rescores {@code source} into {@code output}, which must exist (see {@code OutputTopic.prepare}).
   *
   * @param clientConfig Kafka client settings
   * @param classifier the model version to score with
   */
  public static Result run(Map<String, Object> clientConfig, TopicRange source, String output,
      NewsClassifier classifier, Scoring scoring, Clock clock, Progress progress) {
    Map<String, Object> config = new HashMap<>(clientConfig);
    // A fresh transactional id per run: a second replay into the same topic is refused by the
    // non-empty check before this point, and a crashed run's open transaction is aborted by timeout.
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bellwether-replay-" + output + "-" + UUID.randomUUID());
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    Map<String, Labels> labels = new HashMap<>();
    long[] unreadable = {0};
    List<ConsumerRecord<byte[], byte[]>> pending = new ArrayList<>();
    List<RawNewsItem> items = new ArrayList<>();
    long read;
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      Runnable flush = () -> {
        if (pending.isEmpty()) {
          return;
        }
        write(producer, output, classifier, scoring, clock, pending, items, labels);
        pending.clear();
        items.clear();
      };
      read = source.read(clientConfig, record -> {
        Decoded<RawNewsItem> decoded = Decoded.of(RAW, record.value());
        if (!decoded.ok()) {
          unreadable[0]++;
          LOG.warn("Skipping unreadable {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), decoded.error());
          return;
        }
        pending.add(record);
        items.add(decoded.value());
        if (pending.size() >= scoring.batchSize()) {
          flush.run();
        }
      }, progress);
      flush.run();
    }
    return new Result(output, read, labels.size(), unreadable[0], labels);
  }

  private static void write(KafkaProducer<String, byte[]> producer, String output, NewsClassifier classifier,
      Scoring scoring, Clock clock, List<ConsumerRecord<byte[], byte[]>> records, List<RawNewsItem> items,
      Map<String, Labels> labels) {
    List<NewsText> texts = items.stream().map(i -> new NewsText(i.title(), i.summary())).toList();
    List<ClassifiedText> results = classifier.classifyItems(texts, scoring.maxChunks(), scoring.titleWeight());
    producer.beginTransaction();
    for (int i = 0; i < records.size(); i++) {
      ClassifiedText r = results.get(i);
      ScoredNewsItem scored = new ScoredNewsItem(ScoredNewsItem.SCHEMA_VERSION, items.get(i), classifier.id(),
          r.topic(), r.sentiment(), r.flags(), clock.instant(), r.chunks());
      ConsumerRecord<byte[], byte[]> source = records.get(i);
      String key = source.key() == null ? null : new String(source.key(), java.nio.charset.StandardCharsets.UTF_8);
      producer.send(new ProducerRecord<>(output, null, source.timestamp(), key, SCORED.encode(scored)));
      labels.put(items.get(i).id(), Labels.of(scored));
    }
    producer.commitTransaction();
  }
}
