package dev.levee.spring.internal;

import dev.levee.core.Pipeline;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;

/**
 * One guarded method, prepared when its bean was created: the pipeline it runs through, how its
 * result goes through it, and its fallback. Each attempt of a retrying pipeline proceeds through a
 * clone of the invocation, so that the rest of the advice chain (a transaction, say) runs again for
 * each attempt, as Spring's invocations require. Thread-safe.
 */
final class ResilientCall {
  private final Pipeline pipeline;
  private final ReturnKind kind;
  private final Fallback fallback;
  private final boolean retries;

  ResilientCall(Pipeline pipeline, ReturnKind kind, Fallback fallback, boolean retries) {
    this.pipeline = pipeline;
    this.kind = kind;
    this.fallback = fallback;
    this.retries = retries;
  }

  Pipeline pipeline() {
    return pipeline;
  }

  /** Runs the invocation through the pipeline. */
  Object invoke(MethodInvocation mi) throws Throwable {
    switch (kind) {
      case STAGE:
        return stage(mi);
      case MONO:
        return ReactorCalls.mono(this, mi);
      case FLUX:
        return ReactorCalls.flux(this, mi);
      default:
        try {
          return pipeline.call(() -> attempt(mi));
        } catch (Exception e) {
          if (fallback == null) {
            throw e;
          }
          return fallback.invoke(mi.getThis(), mi.getArguments(), e);
        }
    }
  }

  private CompletableFuture<Object> stage(MethodInvocation mi) {
    CompletableFuture<Object> outcome = callAsync(mi, () -> started(attempt(mi)));
    if (fallback == null) {
      return outcome;
    }
    return outcome.exceptionallyCompose(e -> asStage(fallback(mi, e)));
  }

  /** Runs the pipeline's asynchronous path over what {@code start} starts. */
  CompletableFuture<Object> callAsync(MethodInvocation mi, Attempt start) {
    return pipeline.callAsync(
        () -> {
          try {
            return start.run();
          } catch (Throwable e) {
            return CompletableFuture.failedFuture(e);
          }
        });
  }

  /** Starts one attempt's asynchronous work. */
  @FunctionalInterface
  interface Attempt {
    CompletionStage<Object> run() throws Throwable;
  }

  /** What the fallback returns for {@code failure}, or a failed stage. */
  Object fallback(MethodInvocation mi, Throwable failure) {
    try {
      return fallback.invoke(mi.getThis(), mi.getArguments(), unwrapped(failure));
    } catch (Throwable e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  boolean hasFallback() {
    return fallback != null;
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<Object> asStage(Object o) {
    return o == null
        ? CompletableFuture.failedFuture(new NullPointerException("fallback returned null"))
        : (CompletionStage<Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<Object> started(Object stage) {
    return stage == null
        ? CompletableFuture.failedFuture(
            new NullPointerException("the method returned null, not a CompletionStage"))
        : (CompletionStage<Object>) stage;
  }

  /** The failure itself, not the wrapper a stage adds. */
  static Throwable unwrapped(Throwable e) {
    Throwable t = e;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** One attempt: the rest of the chain and the method, once (a clone, when attempts repeat). */
  Object attempt(MethodInvocation mi) throws Exception {
    try {
      return retries && mi instanceof ProxyMethodInvocation p
          ? p.invocableClone().proceed()
          : mi.proceed();
    } catch (Exception | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new UndeclaredThrowableException(t);
    }
  }
}
