package dev.levee.errors;

/**
 * Decides the {@link ErrorCategory} of an error. Every Levee policy consults one, so a failure is
 * classified once and treated consistently by retries, breakers, health checks and metrics.
 *
 * <p>Start from {@link ErrorClassifiers#defaults()}, or add rules ahead of the defaults with {@link
 * ErrorClassifiers#builder()}. Implementations must be thread-safe, must not throw, and should not
 * allocate: policies call them on every failure.
 */
@FunctionalInterface
public interface ErrorClassifier {
  /**
   * Classifies an error.
   *
   * @param error the error, including any chain of causes it carries
   * @return its category, never {@code null}
   * @throws NullPointerException if {@code error} is {@code null}
   */
  ErrorCategory classify(Throwable error);
}
