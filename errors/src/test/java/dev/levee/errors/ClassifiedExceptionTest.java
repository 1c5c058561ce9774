package dev.levee.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClassifiedExceptionTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:15:30Z");
  private static final Clock FIXED = Clock.fixed(T0, ZoneOffset.UTC);

  @Test
  void carriesCategoryOperationMetadataTimestampAndCause() {
    ConnectException cause = new ConnectException("refused");
    ClassifiedException e =
        ClassifiedException.builder(ErrorCategory.RETRIABLE, "connection refused")
            .operation("db.query")
            .metadata("host", "db-1")
            .metadata("attempt", 3)
            .cause(cause)
            .clock(FIXED)
            .build();

    assertThat(e.category()).isEqualTo(ErrorCategory.RETRIABLE);
    assertThat(e.operation()).isEqualTo("db.query");
    assertThat(e.metadata())
        .containsExactlyInAnyOrderEntriesOf(Map.of("host", "db-1", "attempt", "3"));
    assertThat(e.timestamp()).isEqualTo(T0);
    assertThat(e.getCause()).isSameAs(cause);
    assertThat(e.reason()).isEqualTo("connection refused");
    assertThat(e).isInstanceOf(RuntimeException.class);
  }

  @Test
  void messageListsCategoryOperationAndSortedMetadata() {
    ClassifiedException e =
        ClassifiedException.builder(ErrorCategory.TRANSIENT, "quota exhausted")
            .operation("billing.charge")
            .metadata("tenant", "t-9")
            .metadata("region", "eu")
            .build();
    assertThat(e.getMessage())
        .isEqualTo(
            "quota exhausted [category=TRANSIENT, operation=billing.charge, region=eu, tenant=t-9]");
    assertThat(e.toString()).isEqualTo(ClassifiedException.class.getName() + ": " + e.getMessage());
  }

  @Test
  void secretLookingKeysAreMaskedInMessageAndToStringButNotInMetadata() {
    ClassifiedException e =
        ClassifiedException.builder(ErrorCategory.FATAL, "login failed")
            .metadata("DB_Password", "hunter2")
            .metadata("apiKey", "k-123")
            .metadata("X-Auth-Token", "tok-456")
            .metadata("client_secret", "s-789")
            .metadata("credentials", "c-000")
            .metadata("user", "alice")
            .build();
    for (String shown :
        new String[] {e.getMessage(), e.toString(), new RuntimeException(e).toString()}) {
      assertThat(shown)
          .doesNotContain("hunter2", "k-123", "tok-456", "s-789", "c-000")
          .contains("DB_Password=****", "apiKey=****", "user=alice");
    }
    assertThat(e.metadata()).containsEntry("DB_Password", "hunter2");
  }

  @Test
  void metadataIsImmutableAndBuilderChangesNeverLeakIntoBuiltExceptions() {
    ClassifiedException.Builder builder =
        ClassifiedException.builder(ErrorCategory.FATAL, "x").metadata("a", "1");
    ClassifiedException first = builder.build();
    builder.metadata("b", "2").operation("later");
    assertThat(first.metadata()).containsOnlyKeys("a");
    assertThat(first.operation()).isEqualTo(ClassifiedException.UNSPECIFIED_OPERATION);
    assertThatThrownBy(() -> first.metadata().put("c", "3"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void stackTraceIsOptional() {
    ClassifiedException withTrace = ClassifiedException.builder(ErrorCategory.FATAL, "x").build();
    ClassifiedException without =
        ClassifiedException.builder(ErrorCategory.FATAL, "x").withoutStackTrace().build();
    assertThat(withTrace.getStackTrace()).isNotEmpty();
    assertThat(without.getStackTrace()).isEmpty();
    without.addSuppressed(new IllegalStateException());
    assertThat(without.getSuppressed()).as("suppression off with the stack trace").isEmpty();
  }

  @Test
  void subtypesUseTheFullConstructor() {
    class Rejected extends ClassifiedException {
      private static final long serialVersionUID = 1L;

      Rejected() {
        super(
            ErrorCategory.TRANSIENT,
            "breaker.db",
            "call not permitted",
            Map.of("state", "OPEN"),
            null,
            T0,
            false);
      }
    }
    Rejected r = new Rejected();
    assertThat(r.getStackTrace()).isEmpty();
    assertThat(r.getMessage())
        .isEqualTo("call not permitted [category=TRANSIENT, operation=breaker.db, state=OPEN]");
  }

  @Test
  void nullReasonAndOperationHaveDefaults() {
    ClassifiedException e = new ClassifiedException(ErrorCategory.FATAL, null, null);
    assertThat(e.reason()).isEqualTo("FATAL");
    assertThat(e.operation()).isEqualTo("unspecified");
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> ClassifiedException.builder(null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("category");
    assertThatThrownBy(
            () -> ClassifiedException.builder(ErrorCategory.FATAL, "x").metadata(null, "v"))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("metadata key");
  }

  @Test
  void survivesSerialization() throws IOException, ClassNotFoundException {
    ClassifiedException e =
        ClassifiedException.builder(ErrorCategory.RETRIABLE, "x")
            .operation("op")
            .metadata("k", "v")
            .clock(FIXED)
            .build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(e);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      ClassifiedException back = (ClassifiedException) in.readObject();
      assertThat(back.category()).isEqualTo(ErrorCategory.RETRIABLE);
      assertThat(back.metadata()).containsEntry("k", "v");
      assertThat(back.timestamp()).isEqualTo(T0);
      assertThat(back.getMessage()).isEqualTo(e.getMessage());
    }
  }
}
