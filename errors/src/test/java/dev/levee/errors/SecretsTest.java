package dev.levee.errors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "password",
        "DB_PASSWORD",
        "passwd",
        "pwd",
        "secret",
        "clientSecret",
        "token",
        "X-Auth-Token",
        "api_key",
        "apiKey",
        "credentials",
        "Authorization"
      })
  void secretKeysAreMasked(String key) {
    assertThat(Secrets.isSecretKey(key)).isTrue();
    assertThat(Secrets.displayValue(key, "v")).isEqualTo(Secrets.MASK);
  }

  @ParameterizedTest
  @ValueSource(strings = {"host", "user", "attempt", "timeout_ms", "", "pass", "tok"})
  void otherKeysAreShown(String key) {
    assertThat(Secrets.isSecretKey(key)).isFalse();
    assertThat(Secrets.displayValue(key, "v")).isEqualTo("v");
  }

  @org.junit.jupiter.api.Test
  void nullKeyIsNotSecret() {
    assertThat(Secrets.isSecretKey(null)).isFalse();
  }
}
