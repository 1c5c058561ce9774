package dev.levee.http.admission;

import java.util.Locale;
import java.util.Map;

/** A request for {@link Admission} without a server: a method, a path and headers. */
final class TestRequest implements AdmissionRequest {
  private final String method;
  private final String path;
  private final Map<String, String> headers;

  private TestRequest(String method, String path, Map<String, String> headers) {
    this.method = method;
    this.path = path;
    this.headers = headers;
  }

  static TestRequest get(String path) {
    return new TestRequest("GET", path, Map.of());
  }

  static TestRequest get(String path, String header, String value) {
    return new TestRequest("GET", path, Map.of(header.toLowerCase(Locale.ROOT), value));
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  @Override
  public <T> T unwrap(Class<T> type) {
    return type.isInstance(this) ? type.cast(this) : null;
  }
}
