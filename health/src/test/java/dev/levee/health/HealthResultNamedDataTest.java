package dev.levee.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
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
  void anotherStatusKeepsTheDataAndErrorAsTheyWere() {
    HealthResult r =
        HealthResult.up()
            .withNamedData(Map.of("keystore-1_age_ms", 2_000L))
            .withData("db_password", "hunter2")
            .withError("RETRIABLE: java.io.IOException: slow");
    HealthResult degraded = r.withStatus(Status.DEGRADED, "slow");

    assertThat(degraded.status()).isEqualTo(Status.DEGRADED);
    assertThat(degraded.reason()).isEqualTo("slow");
    assertThat(degraded.data()).isEqualTo(r.data()).containsEntry("db_password", "****");
    assertThat(degraded.error()).isEqualTo(r.error());
    assertThat(degraded.withStatus(Status.UP, null)).isEqualTo(r).hasSameHashCodeAs(r);
    assertThatThrownBy(() -> r.withStatus(Status.DOWN, " "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("health result: a DOWN result needs a reason");
  }

  @Test
  void dataEntersOnlyThroughTheMethodsThatCheckIt() {
    assertThat(HealthResult.class.isRecord()).isFalse();
    assertThat(HealthResult.class.getConstructors()).as("no constructor takes a map").isEmpty();
    HealthResult r = HealthResult.up().withData("pool", "orders");
    assertThatThrownBy(() -> r.data().put("db_password", "hunter2"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(r.toString())
        .isEqualTo("HealthResult[status=UP, reason=null, data={pool=orders}, error=null]");
  }
}
