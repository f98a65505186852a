package dev.bellwether.ingest.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body handler that keeps at most a fixed number of bytes and gives up, cancelling the
 * transfer, as soon as a body is longer (declared or actual), so a huge or endless feed cannot
 * exhaust memory.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

  /** Thrown (as the body's failure) when a body is longer than allowed. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException(long limit) {
      super("body is larger than max-body-bytes = " + limit);
    }
  }

  private final int limit;
  private final boolean declaredTooLarge;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> result = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBody(int limit, boolean declaredTooLarge) {
    this.limit = limit;
    this.declaredTooLarge = declaredTooLarge;
  }

  /** A handler keeping at most {@code limit} bytes. */
  static HttpResponse.BodyHandler<byte[]> atMost(int limit) {
    return info -> {
      OptionalLong declared = info.headers().firstValueAsLong("Content-Length");
      return new BoundedBody(limit, declared.isPresent() && declared.getAsLong() > limit);
    };
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (declaredTooLarge) {
      s.cancel();
      result.completeExceptionally(new TooLargeException(limit));
    } else {
      s.request(Long.MAX_VALUE);
    }
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (result.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      if (buffer.size() + item.remaining() > limit) {
        subscription.cancel();
        result.completeExceptionally(new TooLargeException(limit));
        return;
      }
      byte[] chunk = new byte[item.remaining()];
      item.get(chunk);
      buffer.write(chunk, 0, chunk.length);
    }
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    result.complete(buffer.toByteArray());
  }
}
