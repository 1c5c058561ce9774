package dev.levee.http.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;

/**
 * The server writes its error body without a JSON library: it must be the bytes Jackson writes for
 * {@code {"error": message}} (what the health endpoints wrote before), and parse back to the
 * message, whatever the message holds.
 */
class ErrorBodyProperties {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Property
  void theSameBytesAsJacksonForAnyText(@ForAll String message) throws Exception {
    assertThat(new String(ErrorBody.json(message), StandardCharsets.UTF_8))
        .isEqualTo(JSON.writeValueAsString(Map.of("error", message)));
  }

  @Property
  void controlCharactersQuotesAndBackslashesAreEscaped(
      @ForAll @CharRange(from = 0, to = 0x20) @Chars({'"', '\\', 'é', '\u2028'}) String message)
      throws Exception {
    byte[] body = ErrorBody.json(message);
    assertThat(JSON.readTree(body).get("error").asText()).isEqualTo(message);
    assertThat(body).isEqualTo(JSON.writeValueAsBytes(Map.of("error", message)));
  }

  @Example
  void aMessageAsAClientSeesIt() {
    assertThat(new String(ErrorBody.json("malformed path: bad \"%zz\""), StandardCharsets.UTF_8))
        .isEqualTo("{\"error\":\"malformed path: bad \\\"%zz\\\"\"}");
  }
}
