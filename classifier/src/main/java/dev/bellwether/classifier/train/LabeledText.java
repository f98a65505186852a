package dev.bellwether.classifier.train;

/**
 * One labelled example.
 *
 * @param text the raw text, as in the data file
 * @param label class index in the task's label order
 */
public record LabeledText(String text, int label) {}
