package dev.levee.benchmarks;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;
import dev.levee.core.AdaptiveLimiter;
import dev.levee.core.AdaptiveLimiterConfig;
import dev.levee.core.Bulkhead;
import java.time.Duration;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * What stands between {@link OverloadExperiment}'s clients and the server: a place is taken before
 * a request is sent (or the request is rejected at once, never sent), and given back with the
 * outcome. One instance per run: each starts fresh.
 */
abstract class Protection {
  /** The outcome of a sent request. */
  enum Outcome {
    /** Answered within the client's timeout. */
    OK,
    /** Not answered within the timeout (or refused): a drop for the adaptive limiters. */
    DROPPED,
    /** Failed for another reason (not the server's load). */
    FAILED
  }

  /** Sentinel for a rejected request. */
  static final Object REJECTED = new Object();

  final String name;

  Protection(String name) {
    this.name = name;
  }

  /**
   * Takes a place.
   *
   * @return a token to give back, or {@link #REJECTED}
   */
  abstract Object acquire();

  abstract void release(Object token, Outcome outcome);

  /** The limit now, for the phase-2 trace; -1 if none. */
  int limit() {
    return -1;
  }

  static Protection create(String name, int capacity) {
    switch (name) {
      case "none":
        return new None();
      case "bulkhead":
        return new Static(capacity);
      case "levee":
        return new Levee();
      case "concurrency-limits":
        return new Netflix();
      default:
        throw new IllegalArgumentException("unknown protection " + name);
    }
  }

  /** No protection: every request is sent. */
  static final class None extends Protection {
    None() {
      super("none");
    }

    @Override
    Object acquire() {
      return this;
    }

    @Override
    void release(Object token, Outcome outcome) {}
  }

  /** Levee's static bulkhead, sized for the unloaded server. */
  static final class Static extends Protection {
    private final Bulkhead bulkhead;
    private final int size;

    Static(int size) {
      super("bulkhead");
      this.size = size;
      this.bulkhead = Bulkhead.of("server", size, Duration.ZERO);
    }

    @Override
    Object acquire() {
      return bulkhead.tryAcquire() ? this : REJECTED;
    }

    @Override
    void release(Object token, Outcome outcome) {
      bulkhead.release();
    }

    @Override
    int limit() {
      return size;
    }
  }

  /** Levee's adaptive limiter with its default configuration. */
  static final class Levee extends Protection {
    private final AdaptiveLimiter limiter =
        AdaptiveLimiter.of("server", AdaptiveLimiterConfig.builder("server").build());

    Levee() {
      super("levee");
    }

    @Override
    Object acquire() {
      long permit = limiter.tryAcquire();
      return permit == AdaptiveLimiter.REJECTED ? REJECTED : (Object) permit;
    }

    @Override
    void release(Object token, Outcome outcome) {
      long permit = (Long) token;
      switch (outcome) {
        case OK:
          limiter.onSuccess(permit);
          break;
        case DROPPED:
          limiter.onDropped(permit);
          break;
        default:
          limiter.onIgnored(permit);
      }
    }

    @Override
    int limit() {
      return limiter.limit();
    }
  }

  /**
   * Netflix {@code concurrency-limits}: {@code SimpleLimiter} with {@code Gradient2Limit}, its
   * gradient algorithm for servers, at its defaults but for the same initial, least and greatest
   * limits as Levee's (20, 1, 1000).
   */
  static final class Netflix extends Protection {
    private final Gradient2Limit limit =
        Gradient2Limit.newBuilder().initialLimit(20).minLimit(1).maxConcurrency(1000).build();
    private final SimpleLimiter<Void> limiter =
        SimpleLimiter.newBuilder().named("server").limit(limit).build();
    private final IntSupplier current = limiter::getLimit;

    Netflix() {
      super("concurrency-limits");
    }

    @Override
    Object acquire() {
      Optional<Limiter.Listener> listener = limiter.acquire(null);
      return listener.isPresent() ? listener.get() : REJECTED;
    }

    @Override
    void release(Object token, Outcome outcome) {
      Limiter.Listener listener = (Limiter.Listener) token;
      switch (outcome) {
        case OK:
          listener.onSuccess();
          break;
        case DROPPED:
          listener.onDropped();
          break;
        default:
          listener.onIgnore();
      }
    }

    @Override
    int limit() {
      return current.getAsInt();
    }
  }
}
