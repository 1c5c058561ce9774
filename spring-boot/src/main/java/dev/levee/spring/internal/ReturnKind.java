package dev.levee.spring.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.springframework.util.ClassUtils;

/** How a guarded method's result goes through its pipeline, by its declared return type. */
enum ReturnKind {
  /** A value: the call blocks through the pipeline. */
  PLAIN,
  /** A {@code CompletionStage} or {@code CompletableFuture}: the pipeline's asynchronous path. */
  STAGE,
  /** Reactor's {@code Mono}. */
  MONO,
  /** Reactor's {@code Flux}, as one call. */
  FLUX;

  private static final boolean REACTOR =
      ClassUtils.isPresent("reactor.core.publisher.Mono", ReturnKind.class.getClassLoader());

  /**
   * The kind for a return type.
   *
   * @param type the declared return type
   * @return the kind, or {@code null} for an asynchronous type the pipeline cannot follow
   */
  static ReturnKind of(Class<?> type) {
    if (type == CompletionStage.class || type == CompletableFuture.class) {
      return STAGE;
    }
    if (CompletionStage.class.isAssignableFrom(type)) {
      return null; // a stage of another class: callAsync returns a CompletableFuture
    }
    if (REACTOR) {
      if (type.getName().equals("reactor.core.publisher.Mono")) {
        return MONO;
      }
      if (type.getName().equals("reactor.core.publisher.Flux")) {
        return FLUX;
      }
    }
    return PLAIN;
  }
}
