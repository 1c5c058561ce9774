package dev.levee.http.admission;

import dev.levee.http.HttpResponse;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * What {@link Admission#admit} decided for one request: admitted, with a permit to finish when the
 * response is done, or shed, with the 503 to answer.
 *
 * <p>An admitted request holds a place in the concurrency limit until one of {@link
 * #complete(int)}, {@link #fail(Throwable)}, {@link #timedOut()} or {@link #abandon()} is called;
 * the first call gives it back and tells the limiter what became of the request, and every later
 * call does nothing, so an adapter may call them from every path that can end a request (a
 * container's completion callback and its error callback, say). A decision that is never finished
 * keeps its place for good: the limit shrinks by one for every such leak, until nothing is
 * admitted. The adapters finish every decision they make, on every path; code that calls {@link
 * Admission#admit} itself must do the same, in a {@code finally} if nothing else.
 *
 * <p>Probes and shed requests hold nothing: finishing them does nothing. This class is thread-safe.
 */
public final class AdmissionDecision {
  private static final AtomicIntegerFieldUpdater<AdmissionDecision> FINISHED =
      AtomicIntegerFieldUpdater.newUpdater(AdmissionDecision.class, "finished");

  private final Admission owner; // null when there is nothing to give back
  private final Admission.Priority priority;
  private final long permit;
  private final Admission.ShedReason reason;
  private final HttpResponse response;
  private final int retryAfterSeconds;
  private volatile int finished;

  private AdmissionDecision(
      Admission owner,
      Admission.Priority priority,
      long permit,
      Admission.ShedReason reason,
      HttpResponse response,
      int retryAfterSeconds) {
    this.owner = owner;
    this.priority = priority;
    this.permit = permit;
    this.reason = reason;
    this.response = response;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** A probe: admitted, holding nothing. */
  static AdmissionDecision probe() {
    return new AdmissionDecision(null, Admission.Priority.PROBE, 0, null, null, 0);
  }

  /** An admitted request holding {@code permit} of {@code owner}'s limiter. */
  static AdmissionDecision admitted(Admission owner, Admission.Priority priority, long permit) {
    return new AdmissionDecision(owner, priority, permit, null, null, 0);
  }

  /** A shed request; one instance per priority and reason serves every such request. */
  static AdmissionDecision shed(
      Admission.Priority priority,
      Admission.ShedReason reason,
      HttpResponse response,
      int retryAfterSeconds) {
    return new AdmissionDecision(null, priority, 0, reason, response, retryAfterSeconds);
  }

  /**
   * Whether the request may go on to the application (probes always may).
   *
   * @return {@code true} if admitted, {@code false} if shed
   */
  public boolean admitted() {
    return reason == null;
  }

  /**
   * The request's priority.
   *
   * @return the priority
   */
  public Admission.Priority priority() {
    return priority;
  }

  /**
   * Why the request was shed.
   *
   * @return the reason, or {@code null} if it was admitted
   */
  public Admission.ShedReason shedReason() {
    return reason;
  }

  /**
   * The answer to a shed request: 503, {@code Retry-After}, {@code Cache-Control: no-store} and a
   * small JSON body ({@code {"error":"overloaded: ..."}}). Adapters copy it to their server's
   * response (without the body for {@code HEAD}).
   *
   * @return the answer, or {@code null} if the request was admitted
   */
  public HttpResponse response() {
    return response;
  }

  /**
   * The {@code Retry-After} of a shed request, in seconds.
   *
   * @return at least 1 for a shed request, 0 for an admitted one
   */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * Finishes an admitted request by its response's status: below 500 (but 429) is a success, whose
   * latency the limiter learns from; 429, 503 and 504 are drops (what the application called
   * refused or timed out: the limit should shrink); any other 5xx, or a status outside [100, 599]
   * (no response was sent), teaches the limiter nothing.
   *
   * @param status the HTTP status sent
   * @return whether this call finished the request (false if it was already finished, or holds
   *     nothing)
   */
  public boolean complete(int status) {
    return finish(Admission.Outcome.ofStatus(status), null);
  }

  /**
   * Finishes an admitted request whose application code threw: the limiter classifies the error (a
   * TRANSIENT one, the application's dependency refusing work, counts as a drop).
   *
   * @param error what was thrown
   * @return whether this call finished the request
   */
  public boolean fail(Throwable error) {
    return finish(Admission.Outcome.FAILED, error);
  }

  /**
   * Finishes an admitted request that the server stopped waiting for (an asynchronous Servlet
   * request that timed out): a drop.
   *
   * @return whether this call finished the request
   */
  public boolean timedOut() {
    return finish(Admission.Outcome.DROPPED, null);
  }

  /**
   * Finishes an admitted request that never reached the application, or whose outcome says nothing
   * about its capacity (the server had no worker for it): the place is given back and the limiter
   * learns nothing.
   *
   * @return whether this call finished the request
   */
  public boolean abandon() {
    return finish(Admission.Outcome.IGNORED, null);
  }

  private boolean finish(Admission.Outcome outcome, Throwable error) {
    if (owner == null || !FINISHED.compareAndSet(this, 0, 1)) {
      return false;
    }
    owner.release(permit, outcome, error);
    return true;
  }

  /**
   * Whether an admitted request has been finished.
   *
   * @return {@code true} once finished; always {@code false} for probes and shed requests
   */
  public boolean finished() {
    return finished != 0;
  }

  @Override
  public String toString() {
    String p = priority.name().toLowerCase(java.util.Locale.ROOT);
    if (!admitted()) {
      return "AdmissionDecision[shed " + p + ", " + reason.tag() + "]";
    }
    return "AdmissionDecision[admitted " + p + (finished() ? ", finished" : "") + "]";
  }
}
