package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Masking of data under keys that look secret, and the data a built-in check adds unmasked. */
class HealthResultNamedDataTest {

  @Test
  void anErrorAddedLaterKeepsNamedDataAsItWas() {
    HealthResult breakers =
        HealthResult.degraded("circuit breaker auth-service is OPEN")
            .withNamedData(Map.of("auth-service", "OPEN"));
    assertThat(breakers.data()).containsEntry("auth-service", "OPEN");

    assertThat(breakers.withError("RETRIABLE: java.net.ConnectException").data())
        .as("withError only adds an error")
        .containsEntry("auth-service", "OPEN");
  }

  @Test
  void aResultRebuiltFromItsComponentsEqualsIt() {
    HealthResult r = HealthResult.up().withNamedData(Map.of("keystore-1_age_ms", 2_000L));
    assertThat(new HealthResult(r.status(), r.reason(), r.data(), r.error())).isEqualTo(r);
  }

  @Test
  void dataReadBackFromSerializationIsMaskedAsAnyOutsideData() throws Exception {
    HealthResult vetted = HealthResult.up().withData("pool", "orders");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(vetted.data()); // an unmodifiable map, serializable like its contents
    }
    AtomicReference<Map<String, Object>> inner = new AtomicReference<>();
    try (ObjectInputStream in =
        new Capturing(new ByteArrayInputStream(bytes.toByteArray()), inner)) {
      in.readObject();
    }
    assertThat(inner.get()).as("the map inside data()").isNotNull();
    inner.get().put("db_password", "hunter2");

    assertThat(new HealthResult(Status.UP, null, inner.get(), null).data())
        .as("data from outside is masked")
        .containsEntry("db_password", "****");
  }

  /** Keeps the first map read that is not the outer unmodifiable wrapper. */
  private static final class Capturing extends ObjectInputStream {
    private final AtomicReference<Map<String, Object>> inner;

    Capturing(InputStream in, AtomicReference<Map<String, Object>> inner) throws IOException {
      super(in);
      this.inner = inner;
      enableResolveObject(true);
    }

    @Override
    @SuppressWarnings("unchecked")
    protected Object resolveObject(Object obj) {
      if (inner.get() == null
          && obj instanceof Map
          && !obj.getClass().getName().startsWith("java.util.Collections$")) {
        inner.set((Map<String, Object>) obj);
      }
      return obj;
    }
  }
}
