/**
 * HTTP for Levee's endpoints: the endpoint abstraction ({@code HttpEndpoint}, {@code HttpRequest},
 * {@code HttpResponse}), Levee's own server ({@code EndpointServer}, nothing beyond the JDK) and
 * adapters for a Servlet container and Undertow. Health and metrics both serve through it.
 * Admission control ({@code dev.levee.http.admission.Admission}) sheds an application's incoming
 * requests by priority on each of those servers and on the JDK's {@code HttpServer}.
 */
// The health module, which reads the internal package, is compiled after this one: javac cannot
// find it yet and says so under -Xlint:module.
@SuppressWarnings("module")
module dev.levee.http {
  // EndpointServer.Builder takes a Ticker.
  requires transitive dev.levee.timeouts;
  // Admission.Builder takes the core's limiters.
  requires transitive dev.levee.core;
  requires dev.levee.common;
  requires org.slf4j;
  // Optional: only the adapter packages use them. Not transitive: a static transitive requirement
  // would make every module that reads this one need them to compile.
  requires static jakarta.servlet;
  // Undertow 2.3 declares no module name: this is the one the JDK derives from its jar's name.
  requires static undertow.core;
  // Only dev.levee.http.jdk uses it; a runtime image without it loads the rest of the module.
  requires static jdk.httpserver;

  exports dev.levee.http;
  exports dev.levee.http.admission;
  exports dev.levee.http.jdk;
  exports dev.levee.http.servlet;
  exports dev.levee.http.undertow;
  // Strict percent-decoding and the JSON error body, which the health endpoints share with the
  // server; the server's machinery in the same package is of no use to anyone else.
  exports dev.levee.http.internal to
      dev.levee.health;
}
