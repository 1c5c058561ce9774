package dev.levee.health;

import dev.levee.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * Who may see checks' details (their data, reasons and errors) on the health endpoints. Others get
 * the status alone: enough for a probe, nothing for a scanner. The default is {@link #loopback()}.
 * Policies combine with {@link #or(DetailPolicy)}: {@code DetailPolicy.loopback().or(
 * DetailPolicy.bearerToken(secret))}.
 */
@FunctionalInterface
public interface DetailPolicy {
  /**
   * Whether this request may see details.
   *
   * @param request the request
   * @return whether to show details
   */
  boolean allows(HttpRequest request);

  /**
   * Details for everyone.
   *
   * @return the policy
   */
  static DetailPolicy always() {
    return request -> true;
  }

  /**
   * Details for no one.
   *
   * @return the policy
   */
  static DetailPolicy never() {
    return request -> false;
  }

  /**
   * Details for callers on a loopback address (a sidecar, an operator on the host).
   *
   * @return the policy
   */
  static DetailPolicy loopback() {
    return HttpRequest::loopback;
  }

  /**
   * Details for callers that send {@code Authorization: Bearer <token>}. The comparison takes the
   * same time whatever the token sent.
   *
   * @param token the token, at least 16 characters
   * @return the policy
   * @throws IllegalArgumentException if the token is shorter than 16 characters
   */
  static DetailPolicy bearerToken(String token) {
    Objects.requireNonNull(token, "token");
    if (token.length() < 16) {
      throw new IllegalArgumentException(
          "health detail token must be at least 16 characters, was " + token.length());
    }
    byte[] expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
    return request ->
        request.authorization() != null
            && MessageDigest.isEqual(
                expected, request.authorization().trim().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Details when this policy or {@code other} allows them.
   *
   * @param other the other policy
   * @return the combined policy
   */
  default DetailPolicy or(DetailPolicy other) {
    Objects.requireNonNull(other, "other");
    return request -> allows(request) || other.allows(request);
  }
}
