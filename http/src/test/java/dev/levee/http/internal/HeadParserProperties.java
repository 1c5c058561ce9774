package dev.levee.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The request-head parser against what clients send: any bytes at all get a verdict ({@link
 * HttpError}) or a head, never another exception; well-formed heads, with either line end and any
 * header case, parse to what was sent.
 */
class HeadParserProperties {
  private static final long MAX_BODY = 1_000_000;

  @Property(tries = 2000)
  void anyBytesGetAVerdictOrAHead(@ForAll("noise") byte[] bytes) {
    int end = HeadParser.findEnd(bytes, 0, 0, bytes.length);
    int to = end < 0 ? bytes.length : end;
    try {
      RequestHead head = HeadParser.parse(bytes, 0, to, MAX_BODY);
      assertThat(head.path()).startsWith("/");
      assertThat(HeadParser.isToken(head.method())).isTrue();
      assertThat(head.contentLength()).isBetween(0L, MAX_BODY);
    } catch (HttpError verdict) {
      assertThat(verdict.status).isIn(400, 411, 413, 431, 505);
    }
  }

  @Provide
  Arbitrary<byte[]> noise() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> mangled =
        Combinators.combine(
                wellFormed(),
                Arbitraries.integers().between(0, 200),
                Arbitraries.bytes(),
                Arbitraries.integers().between(0, 2))
            .as(
                (req, at, b, how) -> {
                  byte[] r = req.text.getBytes(StandardCharsets.ISO_8859_1);
                  int i = Math.min(at, r.length - 1);
                  if (how == 0) {
                    r[i] = b; // one byte replaced
                    return r;
                  }
                  if (how == 1) {
                    return java.util.Arrays.copyOf(r, i); // cut short
                  }
                  byte[] longer = new byte[r.length + 1]; // one byte inserted
                  System.arraycopy(r, 0, longer, 0, i);
                  longer[i] = b;
                  System.arraycopy(r, i, longer, i + 1, r.length - i);
                  return longer;
                });
    return Arbitraries.oneOf(random, mangled);
  }

  @Property(tries = 1000)
  void wellFormedHeadsParseToWhatWasSent(@ForAll("wellFormed") Request r) throws HttpError {
    byte[] bytes = r.text.getBytes(StandardCharsets.ISO_8859_1);
    int end = HeadParser.findEnd(bytes, 0, 0, bytes.length);
    assertThat(end).as("the head's end is found").isEqualTo(bytes.length);
    // Found the same when the bytes arrive one at a time.
    int found = -1;
    int scanned = 0;
    for (int arrived = 1; arrived <= bytes.length && found < 0; arrived++) {
      found = HeadParser.findEnd(bytes, 0, scanned, arrived);
      scanned = arrived;
    }
    assertThat(found).isEqualTo(bytes.length);
    RequestHead head = HeadParser.parse(bytes, 0, end, MAX_BODY);
    assertThat(head.method()).isEqualTo(r.method);
    assertThat(head.path()).isEqualTo(r.path);
    assertThat(head.query()).isEqualTo(r.query);
    assertThat(head.accept()).isEqualTo(r.accept);
    assertThat(head.contentLength()).isEqualTo(r.length);
    assertThat(head.keepAlive()).isEqualTo(!r.close);
  }

  @Property(tries = 1000)
  void aControlCharacterInAFieldValueIsRefused(
      @ForAll("wellFormed") Request r,
      @ForAll("controls") char control,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 9) int at) {
    // Inside the Host value, or at either end where trimming would hide it.
    String value = "127.0.0.1";
    String mangled = value.substring(0, at) + control + value.substring(at);
    byte[] bytes = r.text.replace(value, mangled).getBytes(StandardCharsets.ISO_8859_1);
    int end = HeadParser.findEnd(bytes, 0, 0, bytes.length);
    assertThat(end).isEqualTo(bytes.length);
    assertThatThrownBy(() -> HeadParser.parse(bytes, 0, end, MAX_BODY))
        .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.status).isEqualTo(400));
  }

  @net.jqwik.api.Example
  void aContinueExpectationIsKeptInHttp11AndIgnoredInHttp10() throws HttpError {
    String head = "POST /app HTTP/1.%d\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n";
    byte[] http11 = String.format(head, 1).getBytes(StandardCharsets.ISO_8859_1);
    byte[] http10 = String.format(head, 0).getBytes(StandardCharsets.ISO_8859_1);
    assertThat(HeadParser.parse(http11, 0, http11.length, MAX_BODY).expectContinue()).isTrue();
    assertThat(HeadParser.parse(http10, 0, http10.length, MAX_BODY).expectContinue())
        .as("RFC 9110 10.1.1: a server MUST ignore it in an HTTP/1.0 request")
        .isFalse();
  }

  /** Control characters other than the line ends (which end the line) and HTAB (whitespace). */
  @Provide
  Arbitrary<Character> controls() {
    return Arbitraries.chars()
        .range('\u0000', '\u001f')
        .with('\u007f')
        .filter(c -> c != '\t' && c != '\r' && c != '\n');
  }

  /** A request and what it says. */
  record Request(
      String text,
      String method,
      String path,
      String query,
      String accept,
      long length,
      boolean close) {}

  @Provide
  Arbitrary<Request> wellFormed() {
    Arbitrary<String> method =
        Arbitraries.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "X-Custom");
    Arbitrary<String> path =
        Arbitraries.strings()
            .withChars("abcxyz0123-._~%2F")
            .ofMaxLength(12)
            .list()
            .ofMinSize(1)
            .ofMaxSize(4)
            .map(parts -> "/" + String.join("/", parts));
    Arbitrary<String> query =
        Arbitraries.strings().withChars("a=b&c%20,+").ofMaxLength(20).injectNull(0.4);
    Arbitrary<String> accept =
        Arbitraries.of("application/json", "*/*", "application/health+json").injectNull(0.3);
    Arbitrary<Long> length = Arbitraries.longs().between(0, MAX_BODY).injectNull(0.5);
    Arbitrary<String> eol = Arbitraries.of("\r\n", "\n");
    Arbitrary<Boolean> lower = Arbitraries.of(true, false);
    return Combinators.combine(
            method, path, query, accept, length, eol, lower, Arbitraries.of(true, false))
        .as(
            (m, p, q, a, len, nl, lc, close) -> {
              StringBuilder t = new StringBuilder();
              t.append(m)
                  .append(' ')
                  .append(p)
                  .append(q == null ? "" : "?" + q)
                  .append(" HTTP/1.1")
                  .append(nl);
              List<String> fields = new java.util.ArrayList<>();
              fields.add("Host: 127.0.0.1");
              if (a != null) {
                fields.add("Accept: " + a);
              }
              if (len != null) {
                fields.add("Content-Length:  " + len + " ");
              }
              if (close) {
                fields.add("Connection: keep-alive, close");
              }
              for (String f : fields) {
                t.append(lc ? f.toLowerCase(java.util.Locale.ROOT) : f).append(nl);
              }
              t.append(nl);
              return new Request(
                  t.toString(),
                  m,
                  p,
                  q,
                  a == null ? null : (lc ? a.toLowerCase(java.util.Locale.ROOT) : a),
                  len == null ? 0 : len,
                  close);
            });
  }
}
