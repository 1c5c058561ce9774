package dev.levee.spring.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.aopalliance.intercept.MethodInvocation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reactor's {@code Mono} and {@code Flux} through a pipeline's asynchronous path. Loaded only when
 * a guarded method returns one, so the module works without Reactor. Subscribing starts the call
 * (each subscription is a call, as with any cold publisher); a {@code Flux} is collected and
 * emitted again, so that the whole stream is one call the breaker judges.
 */
final class ReactorCalls {
  private ReactorCalls() {}

  static Mono<Object> mono(ResilientCall call, MethodInvocation mi) {
    Mono<Object> guarded =
        Mono.defer(
            () -> Mono.fromFuture(call.callAsync(mi, () -> future(((Mono<?>) call.attempt(mi))))));
    if (!call.hasFallback()) {
      return guarded;
    }
    return guarded.onErrorResume(e -> asMono(call.fallback(mi, e)));
  }

  static Flux<Object> flux(ResilientCall call, MethodInvocation mi) {
    Flux<Object> guarded =
        Flux.defer(
            () ->
                Mono.fromFuture(
                        call.callAsync(
                            mi, () -> future(((Flux<?>) call.attempt(mi)).collectList())))
                    .flatMapIterable(list -> (List<?>) list));
    if (!call.hasFallback()) {
      return guarded;
    }
    return guarded.onErrorResume(e -> asFlux(call.fallback(mi, e)));
  }

  @SuppressWarnings("unchecked")
  private static CompletionStage<Object> future(Mono<?> mono) {
    return (CompletionStage<Object>) (CompletionStage<?>) mono.toFuture();
  }

  @SuppressWarnings("unchecked")
  private static Mono<Object> asMono(Object o) {
    if (o instanceof CompletableFuture<?> failed) {
      return Mono.fromFuture((CompletableFuture<Object>) failed);
    }
    return o == null ? Mono.empty() : (Mono<Object>) o;
  }

  @SuppressWarnings("unchecked")
  private static Flux<Object> asFlux(Object o) {
    if (o instanceof CompletableFuture<?> failed) {
      return Mono.fromFuture((CompletableFuture<Object>) failed).flux();
    }
    return o == null ? Flux.empty() : (Flux<Object>) o;
  }
}
