package dev.bellwether.classifier.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The three parts of one task's data: train (near-duplicates of validation removed), a seeded
 * dev part carved from train for early stopping and model choice, and the de-duplicated
 * validation set that the reported metrics come from.
 *
 * @param train examples the heads learn from
 * @param dev examples that pick the epoch and head shape
 * @param valid examples the reported metrics come from
 * @param repeatsInTrain training examples dropped as near-duplicates of earlier training examples
 * @param overlapsValid training examples dropped as near-duplicates of validation examples
 */
public record Split(
    List<LabeledText> train, List<LabeledText> dev, List<LabeledText> valid, int repeatsInTrain, int overlapsValid) {

  /** Share of the shuffled training data held out as the dev part. */
  public static final double DEV_FRACTION = 0.1;

  /**
   * Removes near-duplicates, shuffles train with the seed, cuts to the limit and carves the dev part.
   */
  public static Split of(List<LabeledText> rawTrain, List<LabeledText> rawValid, Trainer.Settings s) {
    List<LabeledText> valid = NearDuplicates.distinct(rawValid);
    List<LabeledText> distinct = NearDuplicates.distinct(rawTrain);
    List<LabeledText> train = NearDuplicates.without(distinct, valid);
    List<LabeledText> shuffled = new ArrayList<>(train);
    Collections.shuffle(shuffled, new Random(s.seed()));
    if (s.limit() > 0) {
      shuffled = new ArrayList<>(shuffled.subList(0, Math.min(s.limit(), shuffled.size())));
      valid = valid.subList(0, Math.min(s.limit(), valid.size()));
    }
    int devSize = Math.max(1, (int) Math.round(shuffled.size() * DEV_FRACTION));
    return new Split(
        List.copyOf(shuffled.subList(devSize, shuffled.size())),
        List.copyOf(shuffled.subList(0, devSize)),
        List.copyOf(valid),
        rawTrain.size() - distinct.size(),
        distinct.size() - train.size());
  }

  /** Row counts for the manifest. */
  public Map<String, Integer> counts() {
    Map<String, Integer> m = new java.util.LinkedHashMap<>();
    m.put("train", train.size());
    m.put("dev", dev.size());
    m.put("valid", valid.size());
    m.put("train_repeats_removed", repeatsInTrain);
    m.put("train_overlaps_with_valid_removed", overlapsValid);
    return m;
  }
}
