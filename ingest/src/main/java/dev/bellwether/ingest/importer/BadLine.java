package dev.bellwether.ingest.importer;

/**
 * A line of an imported file that could not be read as a news item.
 *
 * @param line its number, from 1 (for CSV, the line its record starts on)
 * @param reason why, for a person to fix it
 */
public record BadLine(long line, String reason) {}
