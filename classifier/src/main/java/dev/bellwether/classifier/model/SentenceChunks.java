package dev.bellwether.classifier.model;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A cleaned body cut into pieces the encoder takes whole: groups of consecutive sentences, each
 * at most a character budget long, at most a given number of them.
 *
 * @param pieces the pieces, in text order; one piece when the body fits the budget
 * @param cut whether body text beyond the last piece was left out
 */
record SentenceChunks(List<String> pieces, boolean cut) {

  /**
   * Characters per piece for a token budget. bge's word pieces average a little over four
   * characters of English news; three per token keeps almost every piece under the budget, so
   * the tokenizer rarely has to cut one.
   */
  static int charBudget(int maxTokens) {
    return maxTokens * 3;
  }

  /**
   * Splits {@code body} (already cleaned) into at most {@code maxPieces} pieces of at most
   * {@code budget} characters. Only the first {@code maxPieces * budget} characters are read, so a
   * megabyte body costs no more than a short article. A sentence longer than the budget is a
   * piece of its own, which the tokenizer then cuts (and flags).
   */
  static SentenceChunks split(String body, int budget, int maxPieces) {
    if (body.isEmpty()) {
      return new SentenceChunks(List.of(), false);
    }
    if (body.length() <= budget) {
      return new SentenceChunks(List.of(body), false);
    }
    int window = (int) Math.min(body.length(), (long) budget * maxPieces);
    String text = body.substring(0, window);
    boolean cut = window < body.length();
    BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ROOT);
    sentences.setText(text);
    List<String> pieces = new ArrayList<>();
    StringBuilder piece = new StringBuilder();
    for (int start = sentences.first(), end = sentences.next(); end != BreakIterator.DONE;
        start = end, end = sentences.next()) {
      if (end == window && cut) {
        // The window may end inside this sentence: leave it out rather than score a fragment.
        break;
      }
      String sentence = text.substring(start, end).strip();
      if (sentence.isEmpty()) {
        continue;
      }
      if (piece.length() > 0 && piece.length() + 1 + sentence.length() > budget) {
        pieces.add(piece.toString());
        piece.setLength(0);
        if (pieces.size() == maxPieces) {
          cut = true;
          break;
        }
      }
      piece.append(piece.length() > 0 ? " " : "").append(sentence);
    }
    if (piece.length() > 0) {
      pieces.add(piece.toString());
    }
    if (pieces.isEmpty()) {
      // A single sentence longer than the whole window: score its beginning.
      pieces.add(text.substring(0, budget));
    }
    return new SentenceChunks(List.copyOf(pieces), cut);
  }
}
