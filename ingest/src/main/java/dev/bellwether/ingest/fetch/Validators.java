package dev.bellwether.ingest.fetch;

/**
 * The cache validators of the last good response of a feed, sent back as {@code If-None-Match} and
 * {@code If-Modified-Since} so that an unchanged feed costs a 304 and no parsing.
 *
 * @param etag the {@code ETag} header, or null
 * @param lastModified the {@code Last-Modified} header as received, or null
 */
public record Validators(String etag, String lastModified) {

  /** No validators: the next request is unconditional. */
  public static final Validators NONE = new Validators(null, null);
}
