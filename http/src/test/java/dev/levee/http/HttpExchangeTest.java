package dev.levee.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The request and response an endpoint sees: built, compared, and shown without secrets. */
class HttpExchangeTest {
  @Test
  void aRequestHoldsWhatItWasGivenAndComparesByValue() {
    HttpRequest r =
        HttpRequest.builder("GET", "/health/ready")
            .rawQuery("verbose")
            .accept("application/json")
            .authorization("Bearer s3cret")
            .loopback(true)
            .build();
    assertThat(r.method()).isEqualTo("GET");
    assertThat(r.path()).isEqualTo("/health/ready");
    assertThat(r.rawQuery()).isEqualTo("verbose");
    assertThat(r.accept()).isEqualTo("application/json");
    assertThat(r.authorization()).isEqualTo("Bearer s3cret");
    assertThat(r.loopback()).isTrue();
    HttpRequest same =
        HttpRequest.builder("GET", "/health/ready")
            .rawQuery("verbose")
            .accept("application/json")
            .authorization("Bearer s3cret")
            .loopback(true)
            .build();
    assertThat(r).isEqualTo(same).hasSameHashCodeAs(same);
    assertThat(r).isNotEqualTo(HttpRequest.builder("GET", "/health/ready").build());
  }

  @Test
  void aRequestNeverShowsItsAuthorization() {
    HttpRequest r = HttpRequest.builder("GET", "/x").authorization("Bearer s3cret").build();
    assertThat(r.toString()).doesNotContain("s3cret").contains("with authorization");
  }

  @Test
  void aRequestNeedsAMethodAndAPath() {
    assertThatThrownBy(() -> HttpRequest.builder(null, "/")).hasMessage("method");
    assertThatThrownBy(() -> HttpRequest.builder("GET", null)).hasMessage("path");
  }

  @Test
  void aResponseCopiesItsHeadersAndChecksItsStatus() {
    Map<String, String> headers = new HashMap<>(Map.of("Content-Type", "text/plain"));
    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
    HttpResponse r = HttpResponse.of(200, headers, body);
    headers.put("X-Later", "1");
    assertThat(r.headers()).containsOnlyKeys("Content-Type");
    assertThat(r)
        .isEqualTo(HttpResponse.of(200, Map.of("Content-Type", "text/plain"), body.clone()));
    assertThat(r.toString()).isEqualTo("HttpResponse[200, {Content-Type=text/plain}, 2 bytes]");
    assertThatThrownBy(() -> HttpResponse.of(42, Map.of(), new byte[0]))
        .hasMessage("status must be in [100, 599], was 42");
    assertThatThrownBy(() -> HttpResponse.of(200, Map.of(), null)).hasMessage("body");
  }
}
