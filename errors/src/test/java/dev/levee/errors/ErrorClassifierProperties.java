package dev.levee.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ErrorClassifierProperties {
  /** An exception type no default rule knows, so only an explicit rule can classify it. */
  static final class Marker extends RuntimeException {
    private static final long serialVersionUID = 1L;
  }

  /** The shapes a real cause chain is made of, defaults-relevant ones included. */
  enum Kind {
    WRAPPER,
    SOCKET_TIMEOUT,
    CONNECT,
    ILLEGAL_ARGUMENT,
    INTERRUPTED,
    REJECTED,
    IO,
    SQL_CONNECTION,
    SQL_SERIALIZATION,
    SQL_CONSTRAINT,
    SQL_INTERNAL,
    SQL_NO_STATE,
    CLASSIFIED_RETRIABLE,
    CLASSIFIED_INVALID;

    Throwable make(Throwable cause) {
      Throwable t;
      switch (this) {
        case CLASSIFIED_RETRIABLE:
          return ClassifiedException.builder(ErrorCategory.RETRIABLE, "x").cause(cause).build();
        case CLASSIFIED_INVALID:
          return ClassifiedException.builder(ErrorCategory.INVALID_INPUT, "x").cause(cause).build();
        case SOCKET_TIMEOUT:
          t = new SocketTimeoutException();
          break;
        case CONNECT:
          t = new ConnectException();
          break;
        case ILLEGAL_ARGUMENT:
          t = new IllegalArgumentException();
          break;
        case INTERRUPTED:
          t = new InterruptedException();
          break;
        case REJECTED:
          t = new RejectedExecutionException();
          break;
        case IO:
          t = new IOException();
          break;
        case SQL_CONNECTION:
          t = new SQLException("x", "08001");
          break;
        case SQL_SERIALIZATION:
          t = new SQLException("x", "40001");
          break;
        case SQL_CONSTRAINT:
          t = new SQLException("x", "23505");
          break;
        case SQL_INTERNAL:
          t = new SQLException("x", "XX000");
          break;
        case SQL_NO_STATE:
          t = new SQLException("x");
          break;
        default:
          t = new RuntimeException("wrapper");
          break;
      }
      if (cause != null) {
        t.initCause(cause);
      }
      return t;
    }
  }

  /** Builds the chain outermost-first from {@code kinds}, innermost made without a cause. */
  private static List<Throwable> chain(List<Kind> kinds) {
    List<Throwable> links = new ArrayList<>();
    Throwable cause = null;
    for (int i = kinds.size() - 1; i >= 0; i--) {
      cause = kinds.get(i).make(cause);
      links.add(0, cause);
    }
    return links;
  }

  @Property
  void anyChainClassifiesWithoutError(
      @ForAll @Size(min = 1, max = 80) List<Kind> kinds,
      @ForAll @IntRange(min = 0, max = 79) int cycleBackTo) {
    List<Throwable> links = chain(kinds);
    Throwable head = links.get(0);
    Throwable last = links.get(links.size() - 1);
    Throwable target = links.get(Math.min(cycleBackTo, links.size() - 1));
    if (last != target && !(last instanceof ClassifiedException)) {
      last.initCause(target); // a cycle: target -> ... -> last -> target
      assertThat(last.getCause()).isSameAs(target);
    }
    assertThat(ErrorClassifiers.defaults().classify(head)).isNotNull();
    assertThat(ErrorClassifiers.isInterruption(head)).isIn(true, false);
  }

  @Property(tries = 20)
  void chainsTenThousandDeepClassify(@ForAll Kind innermost) {
    Throwable chain = innermost.make(null);
    for (int i = 0; i < 10_000; i++) {
      chain = new RuntimeException("wrapper", chain);
    }
    // The cause lies far beyond the examined depth: the fallback answers, without error.
    assertThat(ErrorClassifiers.defaults().classify(chain)).isEqualTo(ErrorCategory.FATAL);
  }

  @Property
  void anExplicitRuleAlwaysBeatsADefault(
      @ForAll @Size(min = 1, max = 40) List<Kind> outer,
      @ForAll @Size(max = 20) List<Kind> inner,
      @ForAll ErrorCategory ruleCategory,
      @ForAll("ruleKind") int ruleKind) {
    List<Throwable> innerLinks = chain(inner);
    Marker marker = new Marker();
    if (!innerLinks.isEmpty()) {
      marker.initCause(innerLinks.get(0));
    }
    Throwable head = marker;
    for (int i = outer.size() - 1; i >= 0; i--) {
      head = outer.get(i).make(head);
    }

    ErrorClassifiers.Builder builder = ErrorClassifiers.builder();
    switch (ruleKind) {
      case 0:
        builder.type(Marker.class, ruleCategory);
        break;
      case 1:
        builder.when(e -> e == marker, ruleCategory);
        break;
      default:
        builder.httpStatusOf(Marker.class, m -> 418).httpStatus(418, ruleCategory);
        break;
    }
    assertThat(builder.build().classify(head)).isEqualTo(ruleCategory);
  }

  @Provide
  Arbitrary<Integer> ruleKind() {
    return Arbitraries.integers().between(0, 2);
  }

  @Property
  void explicitSqlStateRulesBeatDefaults(
      @ForAll Kind outerKind,
      @ForAll("sqlState") String state,
      @ForAll ErrorCategory ruleCategory) {
    Throwable outer = outerKind.make(new SQLException("x", state));
    ErrorClassifier c =
        ErrorClassifiers.builder().sqlState(state.substring(0, 2), ruleCategory).build();
    assertThat(c.classify(outer)).isEqualTo(ruleCategory);
  }

  @Provide
  Arbitrary<String> sqlState() {
    return Arbitraries.strings().withChars("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ").ofLength(5);
  }

  @Property
  void secretValuesNeverAppearInToString(
      @ForAll("secretKey") String key,
      @ForAll("secretValue") String secret,
      @ForAll("plain") String reason,
      @ForAll("plain") String otherKey,
      @ForAll("plain") String otherValue) {
    ClassifiedException e =
        ClassifiedException.builder(ErrorCategory.FATAL, reason)
            .operation("op")
            .metadata(key, secret)
            .metadata(otherKey + "x", otherValue)
            .build();
    assertThat(e.toString()).doesNotContain(secret);
    assertThat(e.getMessage()).doesNotContain(secret);
    assertThat(new IllegalStateException("wrapped", e).toString()).doesNotContain(secret);
    assertThat(e.metadata()).containsEntry(key, secret);
  }

  @Provide
  Arbitrary<String> secretKey() {
    Arbitrary<String> word =
        Arbitraries.of("password", "passwd", "secret", "token", "key", "credential", "pwd", "auth")
            .flatMap(
                w ->
                    Arbitraries.integers()
                        .between(0, (1 << w.length()) - 1)
                        .map(mask -> randomCase(w, mask)));
    Arbitrary<String> affix = Arbitraries.strings().withChars("abc_-.XYZ0").ofMaxLength(6);
    return Combinators.combine(affix, word, affix).as((a, w, b) -> a + w + b);
  }

  private static String randomCase(String word, int mask) {
    StringBuilder out = new StringBuilder(word.length());
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      out.append((mask & (1 << i)) != 0 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  /** Secrets contain a character that nothing else in the message can: '#'. */
  @Provide
  Arbitrary<String> secretValue() {
    return Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyz0123456789#!$%")
        .ofMinLength(1)
        .ofMaxLength(40)
        .map(s -> "#" + s);
  }

  /** Message parts never contain a secret's '#'; plain lower-case text. */
  @Provide
  Arbitrary<String> plain() {
    return Arbitraries.strings().withChars("mnoqrsuvw").ofMinLength(1).ofMaxLength(12);
  }
}
